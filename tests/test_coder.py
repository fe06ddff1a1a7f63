"""The coder end to end on the stand-in Gitea (real git over smart HTTP) with a scripted model:
an issue labelled ``agent:coder`` becomes a branch with a precise edit, a green gate (the
repository's own unittest, run in the sandbox) and one pull request; a person's review comment
on that pull request becomes a follow-up commit on the same branch, with no second pull
request; the team's own comment and an edit of the issue bring none. A model that cannot drive
the tools ends with a clear decision and nothing pushed."""

from __future__ import annotations

from pathlib import Path

import pytest

from blackboard.models import Action, Entry, Task
from blackboard.runtime import Board
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from tests.coder_helpers import branch_commits, branch_file, pulls, team_of_one
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Repo
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

pytestmark = [pytest.mark.usefixtures("no_violations")]

BUGGY = "def add(a, b):\n    return a - b\n"
FILES = {
    "calc.py": BUGGY,
    "test_calc.py": (
        "import unittest\n\nfrom calc import add\n\n\n"
        "class AddTest(unittest.TestCase):\n"
        "    def test_add(self) -> None:\n"
        "        self.assertEqual(add(2, 3), 5)\n"
    ),
    "pyproject.toml": '[tool.gitea-assistants.checks]\ntests = "python3 -m unittest -q"\n',
}
DOCSTRING = '    """The sum of a and b."""\n'


def _repo(server: StandinGitea, name: str) -> Repo:
    if "acme" not in server.state.users:
        server.state.add_user("acme", is_org=True)
    repo = server.state.add_repo("acme", name)
    seed.add_files(server, repo, FILES)
    label = seed.add_label(server, repo, "agent:coder")
    seed.add_issue(server, repo, "add() subtracts", "add(2, 3) gives -1.", labels=[label.id])
    return repo


def _edit(old: str, new: str) -> dict[str, object]:
    return {"tool": "search_replace", "arguments": {"path": "calc.py", "old": old, "new": new}}


def _model() -> ScriptedModel:
    model = ScriptedModel()
    model.script(
        "generate",
        "Read calc.py\nFix the operator in add\nRun the tests",  # plan
        "correct the operator in add",  # commit subject
        "add() subtracted its arguments; it adds them now.",  # commit body
        "Add a docstring to add",  # the follow-up's plan
        "document add",
        "The reviewer asked for a docstring.",
    )
    model.script(
        "structured",
        {"tool": "view", "arguments": {"path": "calc.py"}},
        _edit("return a - b", "return a + b"),
        {"tool": "done"},
        _edit("def add(a, b):\n", "def add(a, b):\n" + DOCSTRING),
        {"tool": "done"},
    )
    # own review of the diff; commit type; "asks for a change?"; own review; commit type
    model.script("choose", "yes", "fix", "yes", "yes", "docs")
    return model


async def test_an_issue_becomes_a_gated_pull_request_and_a_review_a_follow_up_commit(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo = _repo(standin, "calc")
    model = _model()
    async with team_of_one(board, load_souls()["coder"], model, standin, tmp_path):
        await mirror_sync(board, standin)
        await wait_for(settled(board, 1), limit_s=60, what="the coder's task")
        (task,) = await rows(board, Task)
        assert task.status == "done", task.error
        assert "decision" not in task.result, task.result
        executed = await run_outbox(board, standin)
        assert [a.kind for a in executed] == ["gitea.file.commit", "gitea.pull.create"]
        assert all(a.status == "done" for a in executed), [a.error for a in executed]

        (pull,) = pulls(repo)
        assert pull.pull is not None
        branch = pull.pull.head
        assert branch.startswith(f"ga/{task.id}-")
        assert branch_file(repo, branch, "calc.py") == "def add(a, b):\n    return a + b\n"
        assert branch_file(repo, repo.default_branch, "calc.py") == BUGGY
        assert "Closes #1" in pull.body
        assert "Gate: passed (parses; tests passed)" in pull.body
        assert "Fix the operator in add" in pull.body
        commits = branch_commits(repo, branch)
        assert len(commits) == 1, [(c.id, c.message, c.parents) for c in commits]
        (first,) = commits
        assert first.message.decode().startswith("fix: correct the operator in add")

        (record,) = await rows(
            board, Entry, Entry.kind == "contribution", Entry.tags.contains(["code"])
        )
        assert record.meta["files"] == ["calc.py"] and record.meta["tool_calls"] == 2
        decisions = {d["decision"]: d for d in record.meta["decisions"]}
        assert decisions["gate"]["chosen"] == "passed"
        # the gate ran the repository's own tests, in the sandbox, after each edit
        tool_results = [c.prompt for c in model.calls_to("structured")]
        assert "tests passed" in tool_results[2]

        # a person asks for a change on the pull request: a follow-up commit, same branch
        seed.add_comment(standin, repo, pull, "Please add a docstring to add.")
        await mirror_sync(board, standin)
        await wait_for(settled(board, 2), limit_s=60, what="the follow-up")
        follow_up = (await rows(board, Task))[-1]
        assert follow_up.status == "done" and follow_up.result.get("decision") is None
        executed = await run_outbox(board, standin)
        assert [a.kind for a in executed] == ["gitea.file.commit", "gitea.comment.create"]
        assert all(a.status == "done" for a in executed), [a.error for a in executed]
        assert len(pulls(repo)) == 1
        second, again = branch_commits(repo, branch)
        assert again.id == first.id and second.parents == [first.id]
        assert branch_file(repo, branch, "calc.py") == (
            "def add(a, b):\n" + DOCSTRING + "    return a + b\n"
        )
        assert any("follow-up commit" in c.body for c in repo.comments.values())

        # the team's own comment, mirrored back, brings no further commit
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the bot's comment")
        last = (await rows(board, Task))[-1]
        assert last.result["decision"] == "no change"
        assert last.result["why"] == "the comment was written by the team itself"
        assert await run_outbox(board, standin) == []

        # the issue edited: no second pull request
        repo.issues[1].body += "\n\nAlso seen with add(1, 1)."
        repo.issues[1].updated = standin.state.clock.tick()
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 2), limit_s=60, what="the edited issue")
        last = (await rows(board, Task))[-1]
        assert last.result["why"] == (
            f"a pull request from {branch} exists for it already; comment there to ask for changes"
        )
        assert await run_outbox(board, standin) == [] and len(pulls(repo)) == 1
        assert model.pending() == 0


async def test_a_model_that_cannot_drive_the_tools_ends_with_a_decision(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo = _repo(standin, "tiny")
    model = ScriptedModel()
    model.script("generate", "Fix add")
    model.script("structured", '{"tool": "fix everything", "arguments": {}}')
    async with team_of_one(board, load_souls()["coder"], model, standin, tmp_path):
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin, allow="acme/tiny")
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the coder's task")
    task = (await rows(board, Task))[-1]
    assert task.status == "done" and task.result["decision"] == "no change"
    assert "malformed" in task.result["why"] and task.result["why"].endswith(
        "nothing was committed"
    )
    assert await rows(board, Action, Action.task_id == task.id) == []
    assert pulls(repo) == [] and set(repo.git.refs.keys()) == {b"refs/heads/main", b"HEAD"}
