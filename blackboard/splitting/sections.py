"""Markdown sections: the heading structure of a document with 1-based line numbers.

The rules follow llama-index's ``MarkdownNodeParser`` (ATX headings, a heading inside a fenced
code block is not a heading, a section runs to the next heading of any level) and add what a
citation needs: each section's first line and its own heading in its path. Setext headings
(``Title`` over ``====``) count too, and a section that holds nothing but its heading is merged
into the section after it instead of becoming a chunk of one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LIST_OR_QUOTE = re.compile(r"^ {0,3}([-*+>]|\d+[.)])[ \t]")


@dataclass
class Section:
    """Lines ``start_line``.. of a document under the headings ``path``."""

    path: tuple[str, ...]
    start_line: int
    lines: list[str]
    level: int = 0
    heading_lines: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def end_line(self) -> int:
        return self.start_line + len(self.lines) - 1

    def is_blank(self) -> bool:
        return not any(line.strip() for line in self.lines)


def markdown_sections(text: str) -> list[Section]:
    """Split ``text`` at its headings; blank sections are dropped, heading-only ones merged."""
    return merge_heading_only(raw_markdown_sections(text))


def raw_markdown_sections(text: str) -> list[Section]:
    """One section per heading (plus the preamble), nothing merged or dropped."""
    lines = text.split("\n")
    sections: list[Section] = [Section((), 1, [])]
    stack: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        fence_match = FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        heading = None if fence is not None or fence_match else _heading(line, sections[-1])
        if heading is None:
            sections[-1].lines.append(line)
            continue
        level, title, underline = heading
        if underline:
            # The title line was already added to the current section: move it out.
            sections[-1].lines.pop()
            number -= 1
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        heading_lines = lines[number - 1 : number + 1] if underline else [line]
        new = Section(tuple(t for _, t in stack), number, heading_lines, level, len(heading_lines))
        sections.append(new)
    return sections


def _heading(line: str, current: Section) -> tuple[int, str, bool] | None:
    """(level, title, is_setext) if ``line`` makes a heading."""
    match = ATX.match(line)
    if match:
        return len(match.group(1)), (match.group(2) or "").strip(), False
    setext = SETEXT.match(line)
    if setext and current.lines:
        previous = current.lines[-1]
        if previous.strip() and not ATX.match(previous) and not LIST_OR_QUOTE.match(previous):
            before = current.lines[-2] if len(current.lines) > 1 else ""
            if not before.strip() or len(current.lines) == 1:
                level = 1 if setext.group(1)[0] == "=" else 2
                return level, previous.strip(), True
    return None


def merge_heading_only(sections: list[Section]) -> list[Section]:
    """Drop blank sections; fold a section with only heading lines into the next one."""
    out: list[Section] = []
    carry: Section | None = None
    for section in sections:
        if section.is_blank():
            continue
        if carry is not None:
            section = Section(
                section.path,
                carry.start_line,
                carry.lines + section.lines,
                section.level,
                len(carry.lines) + section.heading_lines,
            )
            carry = None
        if _only_heading(section):
            carry = section
            continue
        out.append(section)
    if carry is not None:
        out.append(carry)
    return out


def _only_heading(section: Section) -> bool:
    body = section.lines[section.heading_lines :]
    return bool(section.path) and not any(line.strip() for line in body)


def markdown_title(sections: list[Section]) -> str | None:
    """The first level-1 heading of raw sections, if any."""
    for section in sections:
        if section.level == 1 and section.path and section.path[-1]:
            return section.path[-1]
    return None
