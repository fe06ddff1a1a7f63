"""The doc writer's paragraph as a small model writes it: headings, cut fragments and echoes of
the prompt left out, whole sentences kept in order, at most ``PARAGRAPH_CHARS``."""

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


def test_echoes_of_the_prompt_are_left_out() -> None:
    gap = "Document the request timeout\n\nThe docs do not say how long a request waits."
    echo = (
        'The docs gap:\n<<<DATA f954ed0fb2463009 source="gitea issue #1">>\n'
        "The docs do not say how long a request waits.\n<<<END DATA f954ed0fb2463009>>\n"
    )
    assert whole_sentences(echo, copied_from=gap) == ""
    assert whole_sentences(echo + "Requests wait 30 seconds.", copied_from=gap) == (
        "Requests wait 30 seconds."
    )
