"""What the model reads per passage: the heading path once, then the text."""

from __future__ import annotations

from blackboard.chunking import Passage
from blackboard.services.embedding_text import embedding_text
from blackboard.splitting import Format, split_document


def _passage(text: str, path: str) -> Passage:
    return Passage(text, path, 1, text.count("\n") + 1)


def test_a_section_heading_the_path_ends_with_is_read_once() -> None:
    text = "## Restore\n\nStop the service, then unpack the archive."
    assert (
        embedding_text(_passage(text, "Backups > Restore"))
        == "Backups > Restore\nStop the service, then unpack the archive."
    )


def test_underlined_titles_and_closing_hashes_count_as_the_same_heading() -> None:
    assert embedding_text(_passage("Restore\n=======\nUnpack it.", "Ops > Restore")) == (
        "Ops > Restore\nUnpack it."
    )
    assert embedding_text(_passage("### Restore ###\nUnpack it.", "Ops > Restore")) == (
        "Ops > Restore\nUnpack it."
    )


def test_other_openings_keep_their_text() -> None:
    cases = [
        ("## Verify\n\nCompare checksums.", "Backups > Restore"),  # a different heading
        ("Restore the archive first.\n\nThen start it.", "Backups > Restore"),  # prose
        ("Restore\n--\nShort underline is not a title.", "Ops > Restore"),
        ("#Restore is a hashtag, not a heading.", "Ops > Restore"),
    ]
    for text, path in cases:
        assert embedding_text(_passage(text, path)) == f"{path}\n{text}"


def test_no_path_or_a_text_that_starts_with_it_is_the_text_alone() -> None:
    assert embedding_text(_passage("Plain words.", "")) == "Plain words."
    assert embedding_text(_passage("Guide\nmore", "Guide")) == "Guide\nmore"


def test_a_heading_only_passage_is_its_path() -> None:
    assert embedding_text(_passage("## Restore\n", "Backups > Restore")) == "Backups > Restore"


def test_split_markdown_never_repeats_a_heading_to_the_model() -> None:
    body = (
        "# Guide\n\nIntro words.\n\n## Install\n\nRun the installer.\n\n## Configure\n\nSet it.\n"
    )
    texts = [embedding_text(p) for p in split_document(body, Format.MARKDOWN, "guide.md")]
    assert texts == [
        "Guide\nIntro words.",
        "Guide > Install\nRun the installer.",
        "Guide > Configure\nSet it.",
    ]
