"""AsciiDoc from an untrusted repository: converted in SAFE mode, so its ``sys::``, ``eval::``
and ``include::`` macros run nothing and read nothing outside the document; a document that
fails to convert, or includes itself without end, is skipped with the reason."""

from __future__ import annotations

from pathlib import Path

from blackboard.runtime import Board
from ingest.asciidoc import asciidoc_to_html
from ingest.convert import html_to_markdown
from ingest.read import Unusable
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from tests.test_ingest_support import entry_by_path

HOSTILE = """= Deploy guide

== Retries

The worker retries failed jobs three times.

sys::[id]

include::/etc/passwd[]

include::../../../../../../etc/passwd[]

include::missing-chapter.adoc[]

{sys:id} {eval:6*7} {sys2:echo pwned}

eval::[__import__('os').getcwd()]

== Limits

[NOTE]
Jobs time out after *ten* minutes.
"""

SELF_INCLUDING = "= Bomb\n\n" + "include::{docname}.adoc[depth=1000]\n" * 3 + "\ntext\n"


def test_hostile_macros_run_nothing_and_read_nothing_outside() -> None:
    html = asciidoc_to_html(HOSTILE)
    assert isinstance(html, str)
    markdown = html_to_markdown(html)
    assert isinstance(markdown, str)
    for leak in ("root:", "uid=", "42", "pwned", "/bin/", str(Path.cwd())):
        assert leak not in markdown, leak
    assert markdown.startswith("# Deploy guide\n")
    assert "## Retries\n\nThe worker retries failed jobs three times." in markdown
    # A refused block macro makes asciidoc-py read the next title as text: kept, not lost.
    assert "Limits" in markdown and "Note:" in markdown and "**ten** minutes" in markdown


def test_a_document_including_itself_is_stopped() -> None:
    stopped = asciidoc_to_html(SELF_INCLUDING, timeout_s=2)
    assert isinstance(stopped, Unusable)
    assert stopped.reason.startswith("AsciiDoc conversion ")


async def test_ingest_converts_asciidoc_and_skips_what_fails(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "guide.adoc").write_text(HOSTILE)
    (root / "broken.asciidoc").write_text("= T\n:doctype: nonsense\n\nhi\n")
    report = await ingest_paths(fresh_board, [root], "docs", settings=ingest_settings)

    assert report.new == ["guide.adoc"]
    reasons = {s.label: s.reason for s in report.skipped}
    assert reasons["broken.asciidoc"].startswith("AsciiDoc conversion failed: ")
    assert "section title expected" in reasons["broken.asciidoc"]
    guide = await entry_by_path(fresh_board, root / "guide.adoc")
    assert guide.title == "Deploy guide" and guide.meta["converted_from"] == "asciidoc"
    assert "root:" not in guide.body and "retries failed jobs" in guide.body
