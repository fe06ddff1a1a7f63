"""AsciiDoc to markdown: asciidoc-py in SAFE mode, in a child process, its DocBook as HTML.

asciidoc-py (``asciidoc`` on PyPI) is the converter; three of its traits decide how it runs:

- In-process it is unsafe for untrusted text: a document read from memory skips the include
  check (``include::/etc/passwd[]`` is inlined) and it swaps ``sys.stdin``/``sys.stdout``
  and keeps global state. So it runs as a child process on a file in a private directory that
  holds nothing else (includes are confined to that directory, so a document can include
  only itself), no environment but ``PATH`` and a scratch ``HOME`` (no user configuration, no
  secrets), with ``--safe`` (no ``sys::``, ``eval::``, ``{sys:}`` or includes from
  elsewhere), a time limit, a cap on its output files (``RLIMIT_FSIZE``) and on its memory
  (1 GiB), so a document that includes itself over and over is stopped, not obeyed.
- Its HTML backends use ``ifeval`` in their own configuration, which ``--safe`` refuses, so it
  writes DocBook; the DocBook's structure tags are renamed to their HTML equivalents
  (``section``/``title`` -> ``h1..h6``, ``simpara`` -> ``p``, ``screen`` -> ``pre``...) and
  the existing HTML converter writes the markdown, so headings survive as sections.
- An include of a missing file trips an ``assert`` in its safety check; the child runs with
  ``python -O``, so such an include is the warning it was meant to be.

A document asciidoc-py reports as FAILED, one that runs too long or writes too much is
``Unusable`` with the reason.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from ingest.read import Unusable

TIMEOUT_S = 30
OUTPUT_FACTOR = 20
"""The DocBook may be at most this many times the document's size (plus 64 KiB)."""

_CHILD = (  # import first: the output cap must not truncate Python's own bytecode cache
    "import resource, runpy, sys\n"
    "import asciidoc.asciidoc\n"
    "cap = int(sys.argv.pop(1))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))\n"
    "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
    "sys.argv[0] = 'asciidoc'\n"
    "runpy.run_module('asciidoc', run_name='__main__', alter_sys=True)\n"
)
_SECTIONS = ("part", "chapter", "preface", "appendix", "section", "simplesect", "glossary")
_RENAMED = {
    "simpara": "p",
    "para": "p",
    "formalpara": "div",
    "itemizedlist": "ul",
    "orderedlist": "ol",
    "listitem": "li",
    "variablelist": "dl",
    "term": "dt",
    "screen": "pre",
    "programlisting": "pre",
    "literallayout": "pre",
    "literal": "code",
    "emphasis": "em",
    "ulink": "a",
    "informaltable": "table",
    "row": "tr",
    "entry": "td",
}
_ADMONITIONS = frozenset({"note", "tip", "important", "warning", "caution"})
_DROPPED = ["articleinfo", "bookinfo", "info", "indexterm", "remark"]


def asciidoc_to_html(text: str, timeout_s: float = TIMEOUT_S) -> str | Unusable:
    """The document converted in SAFE mode, as HTML with its headings, or why it failed."""
    with tempfile.TemporaryDirectory(prefix="ga-asciidoc-") as scratch:
        home = Path(scratch) / "doc"
        home.mkdir()
        source = home / f"{secrets.token_hex(12)}.adoc"
        source.write_text(text, encoding="utf-8")
        target = Path(scratch) / "out.xml"
        errors = Path(scratch) / "errors.txt"
        cap = OUTPUT_FACTOR * len(text.encode()) + 65536
        try:
            with errors.open("wb") as stderr:
                done = subprocess.run(
                    [*_command(cap), "-o", str(target), str(source)],
                    cwd=home,
                    env={"HOME": scratch, "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    timeout=timeout_s,
                    check=False,
                )
        except subprocess.TimeoutExpired:
            return Unusable(f"AsciiDoc conversion took longer than {timeout_s:g} s")
        if done.returncode < 0:
            return Unusable(f"AsciiDoc conversion wrote more than {cap} bytes or crashed")
        with errors.open("rb") as read:
            messages = read.read(65536).decode(errors="replace")
        failure = _failure(messages.replace(source.name, "document"))
        if failure is not None or not target.exists():
            return Unusable(f"AsciiDoc conversion failed: {failure or 'no output'}")
        return docbook_to_html(target.read_text(encoding="utf-8", errors="replace"))


def _command(cap: int) -> list[str]:
    """``python -O`` (no asserts) running asciidoc-py in SAFE mode, DocBook out, capped output."""
    return [sys.executable, "-O", "-c", _CHILD, str(cap), "--safe", "-b", "docbook45"]


def docbook_to_html(docbook: str) -> str:
    """asciidoc-py's DocBook with its tags renamed to HTML: sections' titles become headings."""
    from bs4 import (
        BeautifulSoup,
        Declaration,
        Doctype,
        ProcessingInstruction,
        XMLParsedAsHTMLWarning,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(docbook, "html.parser")
    for node in soup.find_all(
        string=lambda s: isinstance(s, ProcessingInstruction | Doctype | Declaration)
    ):
        node.extract()
    info = soup.find(["articleinfo", "bookinfo"])
    info_title = info.find("title") if info is not None else None
    heading = info_title.get_text(" ", strip=True) if info_title is not None else ""
    for tag in soup(_DROPPED):
        tag.decompose()
    for title in soup("title"):
        parent = title.parent
        depth = len(title.find_parents(_SECTIONS))
        if parent is not None and parent.name in _SECTIONS:
            title.name = f"h{min(depth + (1 if heading else 0), 6)}"
        else:  # a block's title (table, example, listing)
            title.name = "p"
            title.string = title.get_text(" ", strip=True)
    for tag in soup.find_all(True):
        if tag.name in _ADMONITIONS:
            tag.insert(0, f"{tag.name.capitalize()}: ")
            tag.name = "div"
        elif tag.name == "emphasis" and tag.get("role") == "strong":
            tag.name = "strong"
        elif tag.name in _RENAMED:
            tag.name = _RENAMED[tag.name]
        if tag.name == "a" and tag.get("url"):
            tag["href"] = tag["url"]
        if tag.name == "li" and tag.parent is not None and tag.parent.name == "varlistentry":
            tag.name = "dd"
    body = str(soup)
    return f"<h1>{_escape(heading)}</h1>\n{body}" if heading else body


def _failure(stderr: str) -> str | None:
    """The first FAILED message asciidoc-py printed (unsafe macros are errors it skips)."""
    for line in stderr.splitlines():
        if line.startswith("asciidoc: FAILED:"):
            return line.split(":", 2)[2].strip()[:200]
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
