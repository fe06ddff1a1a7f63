"""Walking and reading: excludes (.gitignore, hidden, vendored), and every kind of bad input
skipped with its reason while the walk goes on."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import PathNotFoundError
from ingest.read import FileText, Unusable, decode_text, read_text_file
from ingest.settings import IngestSettings
from ingest.walk import walk
from tests.test_ingest_support import HANDBOOK_FILES, copy_handbook


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    return copy_handbook(tmp_path)


def test_walk_reads_supported_files_and_leaves_out_ignored_ones(
    handbook: Path, ingest_settings: IngestSettings
) -> None:
    result = walk(handbook, ingest_settings)
    assert sorted(f.relpath for f in result.files) == HANDBOOK_FILES
    # .gitignore, .hidden/, node_modules/, build/ (gitignored), notes.log (gitignored)
    assert result.excluded == 10  # 5 + the 5 folder notes outside excluded folders
    assert [(s.path.name, s.reason) for s in result.skipped] == [
        ("logo.png", "unsupported file type (.png)")
    ]
    languages = {f.relpath: f.format.language for f in result.files}
    assert languages["src/retry.py"] == "python"


def test_nested_gitignore_and_extra_patterns(
    handbook: Path, ingest_settings: IngestSettings
) -> None:
    (handbook / "guide" / ".gitignore").write_text("*.md\n!install.md\n")
    settings = ingest_settings.model_copy(update={"exclude": ["ops/*.txt"]})
    files = {f.relpath for f in walk(handbook, settings).files}
    assert "guide/install.md" in files, "a deeper rule re-includes"
    assert "guide/configure.md" not in files
    assert "ops/runbook.txt" not in files
    assert "ops/backup.rst" in files


def test_hidden_files_can_be_included(handbook: Path, ingest_settings: IngestSettings) -> None:
    settings = ingest_settings.model_copy(update={"include_hidden": True})
    files = {f.relpath for f in walk(handbook, settings).files}
    assert ".hidden/secret.md" in files
    assert "node_modules/pkg/README.md" not in files, "vendored trees stay out"


def test_missing_path_is_a_clear_error(tmp_path: Path, ingest_settings: IngestSettings) -> None:
    with pytest.raises(PathNotFoundError, match=r"no such file or directory: .*nope"):
        walk(tmp_path / "nope", ingest_settings)


def test_single_file_root_with_any_suffix(tmp_path: Path, ingest_settings: IngestSettings) -> None:
    note = tmp_path / "NOTES.adoc"
    note.write_text("= Notes\n\nSome text.\n")
    result = walk(note, ingest_settings)
    assert not result.is_dir and [f.relpath for f in result.files] == ["NOTES.adoc"]


def make_bad_inputs(root: Path) -> dict[str, str]:
    """Bad files under ``root``; returns relpath -> expected reason prefix."""
    (root / "bad").mkdir()
    (root / "bad" / "binary.md").write_bytes(b"# Title\n\x00\x01\x02 binary junk\n")
    (root / "bad" / "latin1.md").write_bytes("# Caf\xe9\n\nna\xefve text\n".encode("latin-1"))
    (root / "bad" / "empty.md").write_bytes(b"")
    (root / "bad" / "blank.md").write_text("  \n\n\t\n")
    (root / "bad" / "huge.md").write_text("# Big\n\n" + "word " * 1000)
    os.mkfifo(root / "bad" / "pipe.md")
    (root / "bad" / "loop").symlink_to(root / "bad")
    (root / "bad" / "self.md").symlink_to(root / "bad" / "self.md")
    (root / "bad" / "dangling.md").symlink_to(root / "bad" / "missing-target.md")
    (root / "bad" / "alias.md").symlink_to(root / "README.md")
    return {
        "bad/binary.md": "binary file",
        "bad/latin1.md": "not valid UTF-8",
        "bad/empty.md": "empty file",
        "bad/blank.md": "empty file (only whitespace)",
        "bad/huge.md": "too large",
        "bad/pipe.md": "not a regular file",
        "bad/loop": "symlink loop",
        "bad/self.md": "symlink loop",
        "bad/dangling.md": "broken symlink",
        "bad/alias.md": "same file as README.md",
    }


def test_bad_inputs_are_skipped_with_reasons(
    handbook: Path, ingest_settings: IngestSettings
) -> None:
    expected = make_bad_inputs(handbook)
    settings = ingest_settings.model_copy(update={"max_file_bytes": 4000})
    result = walk(handbook, settings)
    reasons = {s.path.relative_to(handbook).as_posix(): s.reason for s in result.skipped}
    for path in result.files:
        read = read_text_file(path.path, settings.max_file_bytes)
        if isinstance(read, Unusable):
            reasons[path.relpath] = read.reason
    for relpath, prefix in expected.items():
        assert reasons.get(relpath, "").startswith(prefix), (relpath, reasons.get(relpath))
    good = [
        f.relpath
        for f in result.files
        if isinstance(read_text_file(f.path, settings.max_file_bytes), FileText)
    ]
    assert sorted(good) == HANDBOOK_FILES, "the walk went on past every bad file"


def test_decode_rules() -> None:
    assert isinstance(decode_text("\ufeff# BOM\r\nline\r\n".encode(), 100), FileText)
    decoded = decode_text(b"a\r\nb\rc\n", 100)
    assert isinstance(decoded, FileText) and decoded.text == "a\nb\nc\n"
    assert decode_text(b"x" * 11, 10) == Unusable("too large (more than 10 bytes)")
    invalid = decode_text(b"ok \xff\xfe", 100)
    assert isinstance(invalid, Unusable) and invalid.reason.startswith("not valid UTF-8 (byte 3")


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
WALK_AND_READ = """
import json, sys
from pathlib import Path
from ingest.read import Unusable, read_text_file
from ingest.settings import IngestSettings
from ingest.walk import walk
root = Path(sys.argv[1])
result = walk(root, IngestSettings())
reasons = {s.path.relative_to(root).as_posix(): s.reason for s in result.skipped}
for found in result.files:
    read = read_text_file(found.path, 100_000)
    reasons[found.relpath] = read.reason if isinstance(read, Unusable) else "ok"
print(json.dumps(reasons))
"""


def _drop_file_capabilities() -> None:
    """In the child before exec: lose root's right to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_and_directory_are_skipped(tmp_path: Path) -> None:
    """chmod 000 for real: as root, the walk runs in a child that cannot bypass permissions."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "fine.md").write_text("# Fine\n")
    (root / "secret.md").write_text("# Secret\n")
    (root / "secret.md").chmod(0)
    (root / "locked").mkdir()
    (root / "locked" / "inner.md").write_text("# Inner\n")
    (root / "locked").chmod(0)
    as_root = os.geteuid() == 0
    try:
        done = subprocess.run(
            [sys.executable, "-c", WALK_AND_READ, str(root)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=Path(__file__).resolve().parents[1],
            preexec_fn=_drop_file_capabilities if as_root else None,
        )
    finally:
        (root / "locked").chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "fine.md": "ok",
        "secret.md": "unreadable: permission denied",
        "locked": "directory unreadable: permission denied",
    }
