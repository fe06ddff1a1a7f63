"""Pushes the platform refuses in code, and signing with an OpenPGP key given by path."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from blackboard.connectors.gitea import git_ops
from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import WriteRefusedError
from blackboard.connectors.gitea.git_env import Identity
from blackboard.connectors.gitea.git_signing import SigningError
from blackboard.models import Task
from blackboard.runtime import Board
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.kinds import enqueue
from controllers.outbox.rights import Principals
from knowledge_sources.contributions import NewAction
from knowledge_sources.source import Context
from knowledge_sources.workbench.checkout import Checkout, prepare_checkout
from knowledge_sources.workbench.publish import publish
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.publish_support import coder_soul, commit_model

SECRET = b"refusal-test-secret"
BOT = Identity("bot", "bot@example.org")

pytestmark = pytest.mark.usefixtures("no_violations")


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "lib")
    seed.add_files(standin, repo, {"lib.py": "X = 1\n"})
    repo.protected.add("release")
    git_store.set_branch(repo.git, "release", git_store.head(repo.git, "main") or "")
    return standin


@pytest.fixture
def gpg_key(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(exported secret key file, the GnuPG home that made it)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    gpg = ["gpg", "--batch", "--homedir", str(home), "--passphrase", ""]
    subprocess.run(
        [*gpg, "--quick-gen-key", "Bot <bot@example.org>", "ed25519", "sign", "never"],
        check=True,
        capture_output=True,
    )
    key = tmp_path / "bot.asc"
    key.write_bytes(
        subprocess.run(
            [*gpg, "--armor", "--export-secret-keys"], check=True, capture_output=True
        ).stdout
    )
    yield key, home
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"], check=False)


def _branches(gitea: StandinGitea) -> dict[str, str]:
    repo = gitea.state.repo("acme", "lib")
    assert repo is not None
    return git_store.branches(repo.git)


def test_a_commit_signed_with_an_openpgp_key_file_verifies(
    gitea: StandinGitea, gpg_key: tuple[Path, Path], tmp_path: Path
) -> None:
    key, home = gpg_key
    settings = settings_for(gitea, signing_key=key, signing_format="openpgp")
    sha = git_ops.commit_files(
        settings,
        "acme",
        "lib",
        base="main",
        branch="signed-gpg",
        files={"lib.py": "X = 2\n"},
        message="fix: raise X",
        author=BOT,
    )
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "-b", "signed-gpg", f"{gitea.url}/acme/lib.git", str(clone)],
        check=True,
    )
    verified = subprocess.run(
        ["git", "verify-commit", sha],
        cwd=clone,
        env={"GNUPGHOME": str(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0 and 'Good signature from "Bot <bot@example.org>"' in (
        verified.stderr
    )


def test_a_missing_signing_key_fails_the_commit_and_pushes_nothing(
    gitea: StandinGitea, tmp_path: Path
) -> None:
    before = _branches(gitea)
    settings = settings_for(gitea, signing_key=tmp_path / "absent")
    with pytest.raises(SigningError, match="GA_GITEA_SIGNING_KEY"):
        git_ops.commit_files(
            settings, "acme", "lib", base="main", branch="unsigned", files={}, message="x"
        )
    assert _branches(gitea) == before


def test_git_refuses_the_default_branch_and_paths_outside_the_tree(gitea: StandinGitea) -> None:
    before = _branches(gitea)
    settings = settings_for(gitea)
    with pytest.raises(WriteRefusedError, match="default branch"):
        git_ops.commit_files(
            settings, "acme", "lib", base="main", branch="main", files={}, message="direct"
        )
    for path in ("../escape.py", "/etc/passwd", ".git/hooks/post-commit"):
        with pytest.raises(WriteRefusedError, match="not a path inside"):
            git_ops.commit_files(
                settings, "acme", "lib", base="main", branch="x", files={path: ""}, message="x"
            )
    assert _branches(gitea) == before


@pytest.mark.asyncio(loop_scope="session")
async def test_a_published_change_aimed_at_the_default_or_a_protected_branch_is_refused(
    board: Board, gitea: StandinGitea, tmp_path: Path
) -> None:
    settings = settings_for(gitea)
    soul = coder_soul("coder", "open_problem")
    clone = prepare_checkout(settings, tmp_path, 1, "x", "acme/lib")
    (clone.root / "lib.py").write_text("X = 3\n")
    before = _branches(gitea)
    async with GiteaClient(settings) as client:
        executor = OutboxExecutor(
            board,
            {"gitea": GiteaChannel(GiteaAPI(client), settings, SECRET)},
            Principals({"coder": soul}),
        )
        for n, branch in enumerate(("main", "release")):
            aimed = Checkout(clone.root, clone.repo, branch, clone.base, clone.base_sha)
            context = Context(board, soul, commit_model(), Task(id=900 + n, agent="coder"))
            actions = await publish(context, aimed, title="direct", why="asked to")
            for action in actions:
                assert isinstance(action, NewAction)
                row, _ = await enqueue(
                    board,
                    key=f"refusal:{n}:{action.key}",
                    kind=action.kind,
                    target=action.target,
                    payload=action.payload,
                    agent="coder",
                )
                done = await executor.execute(row.id)
                assert done.status == "refused", done.error
                assert branch in (done.error or "")
    assert _branches(gitea) == before
