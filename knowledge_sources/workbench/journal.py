"""The undo journal: each edit records the file's previous bytes, so the task can undo it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from knowledge_sources.workbench.errors import WorkbenchError


@dataclass(frozen=True)
class JournalEntry:
    """One edit: which file, what it held before (``None``: it did not exist), a summary, and
    the folders the edit may create for a new file (deepest first; undo removes them if empty)."""

    path: Path
    before: bytes | None
    summary: str
    new_folders: tuple[Path, ...] = ()


@dataclass
class EditJournal:
    """Edits of one task, newest last; ``undo`` restores the file as it was before the newest."""

    entries: list[JournalEntry] = field(default_factory=list)

    def record(self, path: Path, summary: str) -> JournalEntry:
        """Remember ``path``'s current content before it is changed."""
        before = path.read_bytes() if path.is_file() else None
        missing = tuple(p for p in path.parents if not p.exists())
        entry = JournalEntry(path, before, summary, missing)
        self.entries.append(entry)
        return entry

    def undo(self) -> JournalEntry:
        """Restore the file the newest edit changed; raises when there is nothing to undo."""
        if not self.entries:
            raise WorkbenchError("nothing to undo: no edit has been made in this task")
        entry = self.entries.pop()
        if entry.before is None:
            entry.path.unlink(missing_ok=True)
            for folder in entry.new_folders:
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        else:
            entry.path.parent.mkdir(parents=True, exist_ok=True)
            entry.path.write_bytes(entry.before)
        return entry

    def touched(self) -> set[Path]:
        """Every file an edit still in the journal changed."""
        return {entry.path for entry in self.entries}
