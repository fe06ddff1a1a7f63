"""HTML, PDF and AsciiDoc files on a real board: HTML and AsciiDoc as markdown with their
headings, PDF through its text layer with one section per page; a re-run of unchanged files is
incremental; broken, scanned, encrypted or oversized ones are skipped with a reason."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from blackboard.runtime import Board
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from tests.test_ingest_support import board_state, chunks_of, entry_by_path

HTML = """<!doctype html>
<html><head><title>Deploy handbook</title><style>p { color: red }</style>
<script>document.write("tracking pixel")</script></head>
<body><nav>Home | About</nav>
<h2>Rolling back</h2>
<p>To undo a release, run <code>make rollback VERSION=x</code> on the build host.
It takes about a minute.</p>
<h2>Monitoring</h2><p>The dashboard shows <b>p95 latency</b> per route.</p>
<table><tr><th>alert</th><th>page</th></tr><tr><td>disk full</td><td>ops</td></tr></table>
</body></html>
"""

ASCIIDOC = (
    "= Release notes\n\n== 2.4\n\nThe scheduler retries failed jobs three times.\n\n"
    "== 2.5\n\nRun `make rollback VERSION=x` to undo a release.\n"
)


def write_pdf(path: Path, pages: list[str], *, title: str | None = None) -> None:
    """A real PDF with a text layer: one page per string (empty string: a page without text)."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def make_documents(root: Path) -> None:
    root.mkdir()
    (root / "deploy.html").write_text(HTML)
    (root / "notes.adoc").write_text(ASCIIDOC)
    write_pdf(
        root / "manual.pdf",
        ["Lighthouse manual. Chapter one covers installation.", "The sensor port is 3917."],
        title="Lighthouse manual",
    )
    write_pdf(root / "scanned.pdf", ["", ""])
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n")
    (root / "empty.html").write_text("<html><head><title>x</title></head><body> </body></html>")
    (root / "big.html").write_text("<p>" + "word " * 400 + "</p>")


async def test_html_pdf_and_asciidoc_are_read_as_text_with_their_sections(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    root = tmp_path / "docs"
    make_documents(root)
    settings = ingest_settings.model_copy(update={"max_file_bytes": 1500})
    report = await ingest_paths(fresh_board, [root], "docs", settings=settings)

    assert sorted(report.new) == ["deploy.html", "manual.pdf", "notes.adoc"]
    reasons = {s.label: s.reason for s in report.skipped}
    assert reasons["scanned.pdf"] == "PDF without a text layer (2 pages, scanned?)"
    assert reasons["broken.pdf"].startswith("malformed PDF")
    assert reasons["empty.html"] == "HTML without text"
    assert reasons["big.html"].startswith("too large")

    html = await entry_by_path(fresh_board, root / "deploy.html")
    assert html.title == "Deploy handbook"  # the page's <title>, as the top heading
    assert "<" not in html.body and "tracking pixel" not in html.body and "color" not in html.body
    assert "`make rollback VERSION=x`" in html.body
    assert html.meta["format"] == "markdown" and html.meta["converted_from"] == "html"
    html_chunks = await chunks_of(fresh_board, html.id)
    by_section = {c.heading_path: c.text for c in html_chunks}
    rollback = by_section["Deploy handbook > Rolling back"]
    assert "make rollback VERSION=x" in rollback and "Monitoring" not in rollback
    assert "| disk full | ops |" in by_section["Deploy handbook > Monitoring"]

    pdf = await entry_by_path(fresh_board, root / "manual.pdf")
    assert pdf.title == "Lighthouse manual" and pdf.meta["pages"] == 2
    pdf_chunks = await chunks_of(fresh_board, pdf.id)
    page_of = {c.heading_path: c for c in pdf_chunks}
    assert "3917" in page_of["Lighthouse manual > Page 2"].text
    assert "installation" in page_of["Lighthouse manual > Page 1"].text
    page_two = page_of["Lighthouse manual > Page 2"]
    assert page_two.start_line is not None
    assert pdf.body.splitlines()[page_two.start_line - 1] == "## Page 2"

    adoc = await entry_by_path(fresh_board, root / "notes.adoc")
    assert adoc.meta["format"] == "markdown" and adoc.meta["converted_from"] == "asciidoc"
    assert adoc.title == "Release notes" and "retries failed jobs" in adoc.body
    adoc_sections = {c.heading_path: c.text for c in await chunks_of(fresh_board, adoc.id)}
    assert "retries failed jobs" in adoc_sections["Release notes > 2.4"]
    assert "`make rollback VERSION=x`" in adoc_sections["Release notes > 2.5"]

    before = await board_state(fresh_board)
    again = await ingest_paths(fresh_board, [root], "docs", settings=settings)
    assert again.unchanged == 3 and not again.new and not again.changed
    assert await board_state(fresh_board) == before

    write_pdf(root / "manual.pdf", ["Lighthouse manual.", "The sensor port is now 4000."])
    changed = await ingest_paths(fresh_board, [root], "docs", settings=settings)
    assert changed.changed == ["manual.pdf"] and changed.unchanged == 2
    assert "4000" in (await entry_by_path(fresh_board, root / "manual.pdf")).body
