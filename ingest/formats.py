"""Which files ingest reads, and as what: markdown, reStructuredText, plain text or source code.

The format (``blackboard.splitting.Format``) picks the board's splitter; a source file also
records its language in the entry's metadata. HTML and PDF files are converted to markdown
first (``converter``, see ``ingest.convert``), and so is AsciiDoc (``ingest.asciidoc``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from blackboard.splitting.format import Format

Converter = Literal["html", "pdf", "asciidoc"]
"""How a file becomes markdown before it is split (``ingest.convert``)."""


@dataclass(frozen=True)
class FileFormat:
    """The format of one file and, for source code, its language."""

    format: Format
    language: str | None = None
    converter: Converter | None = None


MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".mkd"})
RST_SUFFIXES = frozenset({".rst", ".rest"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
CONVERTED_SUFFIXES: dict[str, Converter] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".asc": "asciidoc",
}

CODE_LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
    ".kt": "kotlin",
    ".scala": "scala",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".cs": "csharp",
    ".rb": "ruby",
    ".php": "php",
    ".swift": "swift",
    ".lua": "lua",
    ".sh": "bash",
    ".bash": "bash",
    ".zsh": "zsh",
    ".fish": "fish",
    ".ps1": "powershell",
    ".sql": "sql",
    ".css": "css",
    ".scss": "scss",
    ".vue": "vue",
    ".svelte": "svelte",
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".ini": "ini",
    ".cfg": "ini",
    ".xml": "xml",
    ".proto": "protobuf",
    ".tf": "terraform",
    ".nix": "nix",
    ".ex": "elixir",
    ".exs": "elixir",
    ".erl": "erlang",
    ".hs": "haskell",
    ".ml": "ocaml",
    ".clj": "clojure",
    ".r": "r",
    ".jl": "julia",
    ".dart": "dart",
    ".zig": "zig",
}

NAMED_FILES: dict[str, FileFormat] = {
    "readme": FileFormat(Format.TEXT),
    "license": FileFormat(Format.TEXT),
    "copying": FileFormat(Format.TEXT),
    "authors": FileFormat(Format.TEXT),
    "changelog": FileFormat(Format.TEXT),
    "notice": FileFormat(Format.TEXT),
    "makefile": FileFormat(Format.CODE, "make"),
    "dockerfile": FileFormat(Format.CODE, "dockerfile"),
    "containerfile": FileFormat(Format.CODE, "dockerfile"),
    "justfile": FileFormat(Format.CODE, "just"),
}


def detect_format(path: PurePath, extra_text_suffixes: Iterable[str] = ()) -> FileFormat | None:
    """The format of ``path`` by its name, or ``None`` for a file ingest does not read."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return FileFormat(Format.MARKDOWN)
    if suffix in RST_SUFFIXES:
        return FileFormat(Format.RST)
    if suffix in TEXT_SUFFIXES:
        return FileFormat(Format.TEXT)
    if suffix in CONVERTED_SUFFIXES:
        return FileFormat(Format.MARKDOWN, converter=CONVERTED_SUFFIXES[suffix])
    language = CODE_LANGUAGES.get(suffix)
    if language is not None:
        return FileFormat(Format.CODE, language)
    extra = {s.lower() if s.startswith(".") else f".{s.lower()}" for s in extra_text_suffixes}
    if suffix in extra:
        return FileFormat(Format.TEXT)
    if not suffix:
        return NAMED_FILES.get(path.name.lower())
    return None


def format_of_content_type(content_type: str | None) -> Format:
    """The format of a package's long description (``Description-Content-Type``; PyPI: rst)."""
    kind = (content_type or "text/x-rst").split(";", 1)[0].strip().lower()
    if kind == "text/markdown":
        return Format.MARKDOWN
    if kind == "text/plain":
        return Format.TEXT
    return Format.RST
