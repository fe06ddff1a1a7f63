"""A task's clone of a Gitea repository on its own branch, and what changed in it.

Per task and repository one directory, ``<workspaces>/task-<id>/<owner>/<repo>``, cloned over
smart HTTP (``git_ops.clone``: the token only in a ``GIT_CONFIG_*`` header, so never in
``.git/config``), on the branch ``ga/<task id>-<slug>``: from ``origin/<branch>`` when an earlier
attempt already pushed it, else from the default branch. A retried task finds the directory and
reuses it (fetching first); the worker removes ``task-<id>`` when the task ends. Nothing here
pushes: the outbox commits ``changed_files()`` (``publish.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import git

from blackboard.connectors.gitea import git_ops
from blackboard.connectors.gitea.errors import WriteRefusedError
from blackboard.connectors.gitea.settings import GiteaSettings
from knowledge_sources.workbench.errors import WorkbenchError

BASE_FILE = "ga-base"
"""In ``.git``: the base branch and sha, recorded at the first clone."""
BRANCH_FILE = "branch"
"""In ``task-<id>``: the task's branch, named once."""
EXCLUDES = "__pycache__/\n*.pyc\n"
_SLUG_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Checkout:
    """A task's clone: its root, repository slug, task branch, base branch, base sha."""

    root: Path
    repo: str
    branch: str
    base: str
    base_sha: str

    def changed_files(self) -> dict[str, str | None]:
        """Path -> new text (``None``: deleted), against ``base_sha``; ignored files left out."""
        with self._staged() as run:
            listing = run("diff", "--cached", "--name-status", "-z", "--no-renames", self.base_sha)
        fields = listing.split("\0")
        changed: dict[str, str | None] = {}
        for status, path in zip(fields[0::2], fields[1::2], strict=False):
            changed[path] = None if status == "D" else self._text(path)
        return changed

    def diff(self) -> str:
        """The unified diff of the work tree against ``base_sha``."""
        with self._staged() as run:
            return run(
                "diff", "--cached", "--no-color", "--no-ext-diff", "--no-renames", self.base_sha
            )

    @contextlib.contextmanager
    def _staged(self) -> Iterator[Callable[..., str]]:
        """A git runner whose index (its own, not the clone's) holds the whole work tree.

        The index starts from ``HEAD``'s tree without stat data, so every file is hashed: an
        edit in the same second as the clone, of the same size, is never taken for unchanged.
        """
        repo = git.Repo(self.root)
        with tempfile.TemporaryDirectory(prefix="ga-index-") as tmp:
            index = Path(tmp) / "index"

            def run(*args: str) -> str:
                with repo.git.custom_environment(GIT_INDEX_FILE=str(index)):
                    return str(repo.git.execute(["git", *args], strip_newline_in_stdout=False))

            run("read-tree", "HEAD")
            run("add", "-A")
            yield run

    def _text(self, path: str) -> str:
        file = self.root / path
        if file.is_symlink() or not file.is_file():
            raise WorkbenchError(f"{path} is not a regular file; only files are committed")
        try:
            return file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise WorkbenchError(
                f"{path} is not UTF-8 text; binary files are not committed"
            ) from None


CheckoutProvider = Callable[[str], Awaitable[Checkout]]
"""Repository slug (``owner/repo``) -> the task's checkout of it."""


def task_dir(workspaces: Path, task_id: int) -> Path:
    """The directory of one task's checkouts."""
    return workspaces / f"task-{task_id}"


def task_branch(task_id: int, name: str) -> str:
    """``ga/<task id>-<slug of name>`` (a slug of at most 40 characters; ``task`` when empty)."""
    slug = ""
    for word in _SLUG_WORD.findall(name.lower()):
        if len(slug) + len(word) + 1 > 40:
            break
        slug = f"{slug}-{word}" if slug else word
    return f"ga/{task_id}-{slug or 'task'}"


def remove_checkouts(workspaces: Path, task_id: int) -> None:
    """Delete every checkout of a task (it ended)."""
    shutil.rmtree(task_dir(workspaces, task_id), ignore_errors=True)


def tasks_with_checkouts(workspaces: Path) -> list[int]:
    """The ids of the tasks that have a ``task-<id>`` folder in ``workspaces``."""
    if not workspaces.is_dir():
        return []
    names = (p.name.removeprefix("task-") for p in workspaces.glob("task-*") if p.is_dir())
    return sorted(int(n) for n in names if n.isdigit())


def prepare_checkout(
    settings: GiteaSettings, workspaces: Path, task_id: int, name: str, slug: str
) -> Checkout:
    """The task's checkout of ``slug``: reused (and fetched) when there, cloned when not."""
    owner, _, repo_name = slug.partition("/")
    if not owner or not repo_name or "/" in repo_name or slug.startswith("."):
        raise WorkbenchError(f"{slug!r} is not owner/repo")
    if not settings.allows(slug):
        raise WriteRefusedError(f"{slug} is not in the allowlist (GA_GITEA_ALLOW)")
    home = task_dir(workspaces, task_id)
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    branch = _branch_of(home, task_id, name)
    root = home / owner / repo_name
    if (root / ".git" / BASE_FILE).is_file():
        repo = git.Repo(root)
        git_ops.fetch(settings, repo, slug)
        base, base_sha = (root / ".git" / BASE_FILE).read_text().split()
        return Checkout(root, slug, branch, base, base_sha)
    shutil.rmtree(root, ignore_errors=True)  # a clone an earlier attempt left half made
    partial = root.with_name(f".{repo_name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    repo = git_ops.clone(settings, slug, partial)
    base = git_ops.default_branch(repo)
    pushed = branch in [ref.remote_head for ref in repo.remote().refs]
    repo.git.checkout("-B", branch, f"origin/{branch}" if pushed else f"origin/{base}")
    base_sha = (
        repo.git.merge_base(f"origin/{branch}", f"origin/{base}")
        if pushed
        else repo.commit(f"origin/{base}").hexsha
    )
    git_dir = Path(repo.git_dir)
    (git_dir / "info").mkdir(exist_ok=True)
    with (git_dir / "info" / "exclude").open("a", encoding="utf-8") as excludes:
        excludes.write(EXCLUDES)
    (git_dir / BASE_FILE).write_text(f"{base}\n{base_sha}\n")
    repo.close()
    partial.rename(root)
    return Checkout(root, slug, branch, base, str(base_sha))


def _branch_of(home: Path, task_id: int, name: str) -> str:
    recorded = home / BRANCH_FILE
    if recorded.is_file():
        return recorded.read_text().strip()
    branch = task_branch(task_id, name)
    recorded.write_text(branch + "\n")
    return branch


def checkout_provider(
    settings: GiteaSettings, workspaces: Path, task_id: int, name: str
) -> CheckoutProvider:
    """The ``Context.checkout`` of one task (``name``: what its branch is named after)."""

    async def provide(slug: str) -> Checkout:
        return await asyncio.to_thread(prepare_checkout, settings, workspaces, task_id, name, slug)

    return provide
