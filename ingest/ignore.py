"""Gitignore-style exclusion: each directory's ``.gitignore`` plus patterns given by the caller.

Rules nest like git's: a deeper ``.gitignore`` is asked first and may re-include (``!``) what a
shallower one left out; the caller's extra patterns apply from the root of the walk. A root
inside a git work tree also inherits the ``.gitignore`` files of the directories above it, up to
the work tree's top (``ingest repo/docs`` leaves out what ``repo/.gitignore`` does), unless
they ignore the root itself: a directory named on purpose is walked by its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pathspec import GitIgnoreSpec

IGNORE_FILE = ".gitignore"
ALWAYS_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})
"""Never walked, hidden or not."""


@dataclass(frozen=True)
class _Rules:
    base: Path
    spec: GitIgnoreSpec


class IgnoreStack:
    """The ignore rules in force for one directory of the walk."""

    def __init__(self, rules: tuple[_Rules, ...] = ()) -> None:
        self._rules = rules

    @classmethod
    def for_root(cls, root: Path, extra_patterns: list[str]) -> IgnoreStack:
        """Start at ``root``: the rules inherited from its work tree, the caller's patterns."""
        inherited = _work_tree_rules(root)
        if inherited and cls(inherited).ignores(root, is_dir=True):
            inherited = ()
        extra = (_Rules(root, GitIgnoreSpec.from_lines(extra_patterns)),) if extra_patterns else ()
        return cls((*inherited, *extra))

    def entering(self, directory: Path) -> IgnoreStack:
        """The rules inside ``directory`` (adds its ``.gitignore`` if it has a readable one)."""
        ignore_file = directory / IGNORE_FILE
        try:
            lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        return IgnoreStack((*self._rules, _Rules(directory, GitIgnoreSpec.from_lines(lines))))

    def ignores(self, path: Path, is_dir: bool) -> bool:
        """Whether ``path`` is left out; the deepest rule that has an opinion decides."""
        for rules in reversed(self._rules):
            try:
                relative = PurePosixPath(path.relative_to(rules.base).as_posix())
            except ValueError:
                continue
            name = f"{relative}/" if is_dir else str(relative)
            verdict = rules.spec.check_file(name).include
            if verdict is not None:
                return verdict
        return False


def _work_tree_rules(root: Path) -> tuple[_Rules, ...]:
    """The ``.gitignore`` rules of the directories above ``root`` up to the top of the git
    work tree holding it; none when ``root`` is that top or lies in no work tree."""
    if (root / ".git").exists():
        return ()
    above: list[Path] = []
    for parent in root.parents:
        above.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return ()
    stack = IgnoreStack()
    for directory in reversed(above):
        stack = stack.entering(directory)
    return stack._rules
