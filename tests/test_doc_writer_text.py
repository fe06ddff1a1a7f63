"""The doc writer's paragraph as a small model writes it: headings and cut fragments left out,
whole sentences kept in order, at most ``PARAGRAPH_CHARS``."""

from __future__ import annotations

from knowledge_sources.doc_writer.write import PARAGRAPH_CHARS, whole_sentences


def test_headings_and_fragments_are_left_out() -> None:
    text = (
        "## Request timeout\n\nRequests wait 30 seconds. Set GUIDE_TIMEOUT_S to change it.\n"
        "- see config\nIt is read at start"
    )
    assert whole_sentences(text) == "Requests wait 30 seconds. Set GUIDE_TIMEOUT_S to change it."
    assert whole_sentences("# Only a heading\nand a fragment") == ""


def test_the_paragraph_is_bounded() -> None:
    sentence = "The service reads its settings from the environment at start-up. "
    paragraph = whole_sentences(sentence * 40)
    assert 0 < len(paragraph) <= PARAGRAPH_CHARS and paragraph.endswith(".")
