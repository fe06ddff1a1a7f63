"""Documents that are not plain text, turned into markdown the board's splitter cuts by heading.

- HTML: BeautifulSoup parses it (any markup, however broken), ``<head>``, scripts, styles and
  templates are dropped, markdownify writes the rest as markdown with ATX headings; the page's
  ``<title>`` becomes the top heading when the body has none.
- PDF: pypdf reads the text layer page by page; each page becomes a ``## Page n`` section, so a
  passage's heading path names the page it comes from. A PDF without a text layer (scanned),
  an encrypted one or a malformed one is a reason to skip, not an error.

- AsciiDoc: ``ingest.asciidoc`` converts it (asciidoc-py, SAFE mode, a child process) to HTML,
  which the HTML converter above writes as markdown, its sections as headings.

Each returns the markdown text, or ``Unusable`` with the reason; ``read_document`` reads a
file with the converter its format names, under the same size, emptiness and hashing rules as
any text file (the hash is the raw file's, so an unchanged file is never converted twice).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest.asciidoc import asciidoc_to_html
from ingest.formats import Converter
from ingest.read import FileText, Unusable, read_file_bytes, read_text_file

_DROPPED_TAGS = ["head", "script", "style", "template", "noscript", "iframe", "object"]
_TOP_HEADING = re.compile(r"^# \S", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def html_to_markdown(html: str) -> str | Unusable:
    """The page's text as markdown with its headings, or why it holds none."""
    from bs4 import BeautifulSoup
    from markdownify import ATX, MarkdownConverter

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_DROPPED_TAGS):
        tag.decompose()
    converter: Any = MarkdownConverter(heading_style=ATX, bullets="-")
    text = _tidy(converter.convert_soup(soup))
    if not text:
        return Unusable("HTML without text")
    if title and not _TOP_HEADING.search(text):
        text = f"# {' '.join(title.split())}\n\n{text}"
    return text + "\n"


def pdf_to_markdown(raw: bytes) -> tuple[str, int] | Unusable:
    """The PDF's text layer as markdown, one ``## Page n`` section per page, and its page count."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed files warn per object
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            return Unusable("encrypted PDF")
        pages = [_tidy(page.extract_text() or "") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return Unusable(f"malformed PDF ({type(exc).__name__}: {str(exc)[:120]})")
    sections = [f"## Page {n}\n\n{text}" for n, text in enumerate(pages, start=1) if text]
    if not sections:
        return Unusable(f"PDF without a text layer ({len(pages)} pages, scanned?)")
    title = _pdf_title(reader)
    head = f"# {title}\n\n" if title else ""
    return head + "\n\n".join(sections) + "\n", len(pages)


def _pdf_title(reader: Any) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""
    return " ".join(str(title).split())[:200] if title else ""


def _tidy(text: str) -> str:
    """No NUL (PostgreSQL stores none), no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.replace("\x00", "").splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def read_document(path: Path, max_bytes: int, converter: Converter | None) -> FileText | Unusable:
    """A file's text, as markdown when it is HTML, PDF or AsciiDoc; hashed on its raw bytes."""
    if converter is None:
        return read_text_file(path, max_bytes)
    if converter in ("html", "asciidoc"):
        read = read_text_file(path, max_bytes)
        if isinstance(read, Unusable):
            return read
        html = read.text if converter == "html" else asciidoc_to_html(read.text)
        if isinstance(html, Unusable):
            return html
        markdown = html_to_markdown(html)
        return markdown if isinstance(markdown, Unusable) else replace(read, text=markdown)
    raw = read_file_bytes(path, max_bytes)
    if isinstance(raw, Unusable):
        return raw
    if len(raw) > max_bytes:
        return Unusable(f"too large (more than {max_bytes} bytes)")
    pdf = pdf_to_markdown(raw)
    if isinstance(pdf, Unusable):
        return pdf
    text, pages = pdf
    return FileText(text, hashlib.sha256(raw).hexdigest(), len(raw), pages)
