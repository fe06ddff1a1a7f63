"""In-memory git repositories (dulwich ``MemoryRepo``): commit files, read trees and blobs."""

from __future__ import annotations

import stat
import time
from collections import defaultdict
from dataclasses import dataclass

from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.refs import Ref
from dulwich.repo import MemoryRepo

DIR_MODE = stat.S_IFDIR
FILE_MODE = 0o100644


@dataclass(frozen=True)
class FileEntry:
    """One file of a tree: path, blob sha (hex) and size."""

    path: str
    sha: str
    size: int


def new_repo(default_branch: str) -> MemoryRepo:
    """An empty repository whose HEAD points at ``default_branch``."""
    repo = MemoryRepo()
    repo.refs.set_symbolic_ref(Ref(b"HEAD"), branch_ref(default_branch))
    return repo


def branch_ref(branch: str) -> Ref:
    return Ref(f"refs/heads/{branch}".encode())


def set_branch(repo: MemoryRepo, branch: str, sha: str) -> None:
    """Point ``branch`` at commit ``sha``."""
    repo.refs[branch_ref(branch)] = ObjectID(sha.encode())


def has_object(repo: MemoryRepo, sha: str) -> bool:
    try:
        repo[ObjectID(sha.encode())]
    except KeyError:
        return False
    return True


def head(repo: MemoryRepo, branch: str) -> str | None:
    """The commit sha a branch points at, or None."""
    ref = branch_ref(branch)
    return repo.refs[ref].decode() if ref in repo.refs else None


def branches(repo: MemoryRepo) -> dict[str, str]:
    """Branch name -> commit sha."""
    heads = repo.refs.as_dict(Ref(b"refs/heads"))
    return {name.decode(): sha.decode() for name, sha in heads.items()}


def files(repo: MemoryRepo, branch: str) -> dict[str, FileEntry]:
    """Every file on ``branch`` (empty when the branch does not exist)."""
    sha = head(repo, branch)
    return {} if sha is None else files_at(repo, sha)


def files_at(repo: MemoryRepo, sha: str) -> dict[str, FileEntry]:
    """Every file of commit ``sha``."""
    commit = repo[sha.encode()]
    assert isinstance(commit, Commit)
    out: dict[str, FileEntry] = {}
    for path, (_mode, blob_sha) in _flatten(repo, commit.tree).items():
        blob = repo[blob_sha]
        assert isinstance(blob, Blob)
        out[path] = FileEntry(path, blob_sha.decode(), len(blob.data))
    return out


def read(repo: MemoryRepo, branch: str, path: str) -> bytes | None:
    """The content of ``path`` on ``branch``, or None."""
    entry = files(repo, branch).get(path)
    if entry is None:
        return None
    blob = repo[entry.sha.encode()]
    assert isinstance(blob, Blob)
    return bytes(blob.data)


def blob(repo: MemoryRepo, sha: str) -> bytes:
    """The bytes of a blob."""
    found = repo[sha.encode()]
    assert isinstance(found, Blob)
    return bytes(found.data)


def commit_files(
    repo: MemoryRepo,
    branch: str,
    changes: dict[str, bytes | None],
    message: str,
    author: str = "Stand-in <standin@localhost>",
    when: int | None = None,
    parent_branch: str | None = None,
) -> str:
    """Commit ``changes`` (None deletes) on ``branch`` (created from ``parent_branch``)."""
    parent = head(repo, branch) or (head(repo, parent_branch) if parent_branch else None)
    current: dict[str, tuple[int, bytes]] = {}
    if parent is not None:
        parent_commit = repo[parent.encode()]
        assert isinstance(parent_commit, Commit)
        current = _flatten(repo, parent_commit.tree)
    for path, data in changes.items():
        if data is None:
            current.pop(path, None)
            continue
        blob = Blob.from_string(data)
        repo.object_store.add_object(blob)
        current[path] = (FILE_MODE, blob.id)
    commit = Commit()
    commit.tree = _build(repo, current)
    commit.parents = [ObjectID(parent.encode())] if parent else []
    commit.author = commit.committer = author.encode()
    commit.author_time = commit.commit_time = when if when is not None else int(time.time())
    commit.author_timezone = commit.commit_timezone = 0
    commit.message = message.encode() + (b"" if message.endswith("\n") else b"\n")
    repo.object_store.add_object(commit)
    repo.refs[branch_ref(branch)] = commit.id
    return commit.id.decode()


def _flatten(repo: MemoryRepo, tree_id: bytes, prefix: str = "") -> dict[str, tuple[int, bytes]]:
    tree = repo[tree_id]
    assert isinstance(tree, Tree)
    out: dict[str, tuple[int, bytes]] = {}
    for entry in tree.items():
        name = prefix + entry.path.decode()
        if stat.S_ISDIR(entry.mode):
            out.update(_flatten(repo, entry.sha, name + "/"))
        else:
            out[name] = (entry.mode, entry.sha)
    return out


def _build(repo: MemoryRepo, entries: dict[str, tuple[int, bytes]]) -> bytes:
    tree = Tree()
    nested: dict[str, dict[str, tuple[int, bytes]]] = defaultdict(dict)
    for path, (mode, sha) in entries.items():
        first, sep, rest = path.partition("/")
        if sep:
            nested[first][rest] = (mode, sha)
        else:
            tree.add(first.encode(), mode, ObjectID(sha))
    for name, sub in nested.items():
        tree.add(name.encode(), DIR_MODE, ObjectID(_build(repo, sub)))
    repo.object_store.add_object(tree)
    return tree.id
