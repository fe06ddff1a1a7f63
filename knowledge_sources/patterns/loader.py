"""Prompt patterns in Fabric's layout: ``<dir>/<name>/system.md`` and an optional ``user.md``.

Each behaviour's prompts are files, not code: the shipped ones sit beside this module, a soul
may bring its own folder (``patterns_dir:`` in its file) and the operator may name one
(``GA_PATTERNS_DIR``); the first folder holding a pattern wins, so a person can drop in a
pattern from Fabric's collection or write their own. ``user.md`` may use ``{{name}}``
placeholders that the behaviour fills; a placeholder it does not fill is an error, never sent.
A pattern without ``user.md`` (or with an empty one, as most of Fabric's are) keeps the
template of the next folder that has one, so a Fabric ``system.md`` dropped in changes what
the model is told, not the data the behaviour lays out for it. ``Patterns.check`` is the
start-up test: the pattern is readable and its ``user.md`` uses only placeholders the shipped
one uses (those are what the behaviour fills).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent
MAX_PATTERN_BYTES = 64_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,62}$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class PatternError(ValueError):
    """A pattern that is missing, unreadable or malformed (names the file and the fix)."""


@dataclass(frozen=True)
class Pattern:
    """One pattern: its system prompt, optional user template, and where it came from."""

    name: str
    system: str
    user: str
    folder: Path
    template: str = ""
    """The ``user.md`` used when this folder has none: the next folder's that has one."""

    @property
    def user_template(self) -> str:
        """The template ``render_user`` fills: this folder's ``user.md``, else ``template``."""
        return self.user or self.template

    @property
    def placeholders(self) -> frozenset[str]:
        """The names ``user.md`` asks the behaviour to fill."""
        return frozenset(_PLACEHOLDER.findall(self.user_template))

    def with_personality(self, personality: str) -> str:
        """A soul's personality, then this pattern's system prompt (the fence rule follows)."""
        return f"{personality.strip()}\n\n{self.system}" if personality.strip() else self.system

    def render_user(self, **values: str) -> str:
        """``user.md`` with its ``{{placeholders}}`` filled (every one must be given)."""
        missing = sorted(self.placeholders - set(values))
        if missing:
            raise PatternError(
                f"pattern {self.name!r} ({self.folder}/user.md) uses {', '.join(missing)}, "
                "which this behaviour does not fill"
            )
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.user_template)


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PatternError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_PATTERN_BYTES:
        raise PatternError(f"{path} is over {MAX_PATTERN_BYTES} bytes; a prompt is shorter")
    if b"\x00" in data:
        raise PatternError(f"{path} holds NUL bytes; a pattern is markdown text")
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise PatternError(f"{path} is not UTF-8 text") from None


def read_pattern(folder: Path) -> Pattern:
    """The pattern in ``folder`` (``system.md`` required and non-empty)."""
    system_file = folder / "system.md"
    if not system_file.is_file():
        raise PatternError(f"pattern folder {folder} has no system.md")
    system = _read(system_file)
    if not system:
        raise PatternError(f"{system_file} is empty; write the pattern's system prompt there")
    user_file = folder / "user.md"
    user = _read(user_file) if user_file.is_file() else ""
    for inside in _BRACES.findall(user):
        if not _PLACEHOLDER.fullmatch("{{" + inside + "}}"):
            raise PatternError(
                f"{user_file} has a malformed placeholder {{{{{inside[:40]}}}}}; "
                "write {{name}} with letters, digits and _"
            )
    if "{{" in _BRACES.sub("", user):
        raise PatternError(f"{user_file} opens a placeholder '{{{{' that it never closes")
    return Pattern(folder.name, system, user, folder)


@dataclass(frozen=True)
class Patterns:
    """Where patterns are looked up, in order (a soul's folder, the operator's, the shipped)."""

    folders: tuple[Path, ...] = (SHIPPED_DIR,)

    @classmethod
    def for_soul(cls, soul_dir: Path | None = None, operator_dir: Path | None = None) -> Patterns:
        """The lookup order for one soul."""
        return cls((*(d for d in (soul_dir, operator_dir) if d is not None), SHIPPED_DIR))

    def get(self, name: str) -> Pattern:
        """The first pattern called ``name`` (its ``user.md`` from the first folder that has
        one); ``PatternError`` when none exists or one on the way is malformed."""
        found = [read_pattern(folder) for folder in self._holding(name)]
        if not found:
            where = ", ".join(str(f) for f in self.folders)
            raise PatternError(f"no pattern {name!r} in {where}")
        first = found[0]
        if first.user:
            return first
        template = next((p.user for p in found if p.user), "")
        return replace(first, template=template)

    def check(self, name: str) -> Pattern:
        """``get`` plus the start-up test: a replaced pattern's ``user.md`` asks only for
        placeholders the shipped one asks for, since those are all the behaviour fills."""
        pattern = self.get(name)
        shipped = SHIPPED_DIR / name
        if not shipped.is_dir():
            return pattern
        filled = read_pattern(shipped).placeholders
        for folder in self._holding(name):
            extra = sorted(read_pattern(folder).placeholders - filled)
            if extra:
                raise PatternError(
                    f"{folder}/user.md uses {', '.join(extra)}, which the behaviour does "
                    f"not fill; use only those of {shipped}/user.md, or leave user.md out"
                )
        return pattern

    def _holding(self, name: str) -> list[Path]:
        """The folders that hold a pattern called ``name``, in lookup order (valid name)."""
        if not _NAME.match(name):
            raise PatternError(f"{name!r} is not a pattern name (lower case, digits, _)")
        return [folder / name for folder in self.folders if (folder / name).is_dir()]
