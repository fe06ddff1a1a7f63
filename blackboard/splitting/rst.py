"""reStructuredText sections: titles underlined (and optionally overlined) with punctuation.

As in docutils, heading levels follow the order in which adornment styles first appear.
"""

from __future__ import annotations

import re

from blackboard.splitting.sections import Section, merge_heading_only

ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+[ \t]*$")


def rst_sections(text: str) -> list[Section]:
    """Split ``text`` at its section titles; blank sections dropped, title-only ones merged."""
    return merge_heading_only(raw_rst_sections(text))


def raw_rst_sections(text: str) -> list[Section]:
    """One section per title (plus the preamble), nothing merged or dropped."""
    lines = text.split("\n")
    sections: list[Section] = [Section((), 1, [])]
    styles: list[tuple[str, bool]] = []
    stack: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        found = _title_at(lines, index)
        if found is None:
            sections[-1].lines.append(lines[index])
            index += 1
            continue
        title, style, used = found
        if style not in styles:
            styles.append(style)
        level = styles.index(style) + 1
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        heading = lines[index : index + used]
        sections.append(Section(tuple(t for _, t in stack), index + 1, heading, level, used))
        index += used
    return sections


def _title_at(lines: list[str], index: int) -> tuple[str, tuple[str, bool], int] | None:
    """(title, (adornment char, overlined), lines used) if a section title starts here."""
    if index > 0 and lines[index - 1].strip():
        return None
    line = lines[index]
    over = ADORNMENT.match(line)
    if over and index + 2 < len(lines):
        title, under = lines[index + 1], lines[index + 2]
        if title.strip() and under.strip() == line.strip():
            return title.strip(), (over.group(1), True), 3
    if line.strip() and not line[0].isspace() and not over and index + 1 < len(lines):
        under_match = ADORNMENT.match(lines[index + 1])
        if under_match and len(lines[index + 1].rstrip()) >= max(len(line.rstrip()), 2):
            return line.strip(), (under_match.group(1), False), 2
    return None


def rst_title(sections: list[Section]) -> str | None:
    """The title of the first top-level section, if any."""
    for section in sections:
        if section.level == 1 and section.path:
            return section.path[-1]
    return None
