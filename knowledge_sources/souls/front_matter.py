"""Splitting a soul file into its YAML front matter and its markdown body.

---
name: researcher
...
---
# Résumé in markdown
"""

from __future__ import annotations

from typing import Any

import yaml

_FENCE = "---"


class FrontMatterError(ValueError):
    """The file has no well-formed front matter."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(front matter as a mapping, body)``; ``FrontMatterError`` when malformed."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FENCE:
        raise FrontMatterError("the file must open with a '---' line before its YAML front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :]).strip()
            break
    else:
        raise FrontMatterError("the YAML front matter is not closed by a '---' line")
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(f"the front matter is not valid YAML{where}: {problem}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"the front matter must be a YAML mapping (key: value), not {type(data).__name__}"
        )
    return data, body
