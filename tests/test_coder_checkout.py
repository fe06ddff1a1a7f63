"""The coder's checkout on plain local git: a same-size edit in the second the index was
written, read a second later, still counts as a change (git's racily clean files); a follow-up
moves the task's checkout onto the pull request's branch, counting changes from its head."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from knowledge_sources.coder.follow_up import FollowUpError, onto_branch
from knowledge_sources.workbench.checkout import Checkout

BUGGY = "def add(a, b):\n    return a - b\n"
FIXED = "def add(a, b):\n    return a + b\n"


def _git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def _checkout(tmp_path: Path) -> Checkout:
    """A clone of an origin with ``main`` and a pushed pull request branch ``ga/1-fix``."""
    origin = tmp_path / "origin"
    origin.mkdir(parents=True)
    _git(origin, "init", "-q", "-b", "main")
    (origin / "calc.py").write_text(BUGGY)
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "add")
    _git(origin, "checkout", "-qb", "ga/1-fix")
    (origin / "calc.py").write_text(FIXED)
    _git(origin, "commit", "-qam", "fix add")
    _git(origin, "checkout", "-q", "main")
    root = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(root)], check=True)
    _git(root, "checkout", "-qB", "ga/2-docstring", "origin/main")
    return Checkout(
        root, "acme/calc", "ga/2-docstring", "main", _git(root, "rev-parse", "HEAD").strip()
    )


def test_a_same_size_edit_right_after_the_commit_is_a_change(tmp_path: Path) -> None:
    for attempt in range(10):  # until the edit lands in the second git wrote the index
        root = tmp_path / str(attempt)
        root.mkdir()
        _git(root, "init", "-q", "-b", "main")
        (root / "calc.py").write_text(BUGGY)
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "add")
        (root / "calc.py").write_text(FIXED)  # the same size as before
        if int((root / ".git" / "index").stat().st_mtime) == int(time.time()):
            break
    time.sleep(1.05)  # the change is read in a later second, as after the coder's gate
    checkout = Checkout(root, "acme/calc", "ga/1-fix", "main", _git(root, "rev-parse", "HEAD")[:40])
    assert checkout.changed_files() == {"calc.py": FIXED}


def test_a_follow_up_works_on_the_pull_requests_branch(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    (checkout.root / "stray.txt").write_text("left by an earlier attempt\n")
    moved = onto_branch(checkout, "ga/1-fix")
    assert (moved.branch, moved.base) == ("ga/1-fix", "main")
    assert moved.base_sha == _git(moved.root, "rev-parse", "origin/ga/1-fix").strip()
    assert (moved.root / "calc.py").read_text() == FIXED
    assert moved.changed_files() == {}  # the pull request's own change is not counted again
    (moved.root / "calc.py").write_text('def add(a, b):\n    """Sum."""\n    return a + b\n')
    assert list(moved.changed_files()) == ["calc.py"]
    assert '+    """Sum."""' in moved.diff() and "-    return a - b" not in moved.diff()
    with pytest.raises(FollowUpError, match="ga/9-gone is not on the remote"):
        onto_branch(checkout, "ga/9-gone")
