"""``BoundedOutput`` keeps a stream's head and tail within its budget."""

from __future__ import annotations

from knowledge_sources.workbench.sandbox_output import BoundedOutput


def test_short_output_is_kept_whole_across_chunks() -> None:
    out = BoundedOutput(10)
    for piece in (b"abc", b"defg", b"hij"):
        out.feed(piece)
    assert (out.text(), out.trimmed, out.total) == ("abcdefghij", False, 10)


def test_long_output_keeps_head_and_tail_and_counts_the_rest() -> None:
    out = BoundedOutput(10)
    for index in range(100):
        out.feed(bytes([65 + index % 26]) * 3)
    assert out.trimmed and out.total == 300
    assert out.text() == "AAABB\n[... 290 bytes trimmed ...]\nUUVVV"


def test_broken_utf8_at_a_cut_is_replaced_not_raised() -> None:
    out = BoundedOutput(4)
    out.feed("ééé".encode())
    assert out.text().startswith("é")
