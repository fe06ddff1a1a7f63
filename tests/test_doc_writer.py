"""The doc writer end to end on the stand-in Gitea with a scripted model: an issue labelled
``documentation`` becomes a section on the docs page the model picks by number, committed on a
branch, and one pull request whose body cites the board sources the model chose by yes/no;
a record on the board keeps the decisions and ``cites`` each source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blackboard.models import Entry, Link, Task
from blackboard.runtime import Board
from knowledge_sources.models.choices import NO, YES
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.coder_helpers import branch_file, pulls, team_of_one
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Repo
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

pytestmark = [pytest.mark.usefixtures("no_violations")]

CONFIG = (
    '"""Settings of the guide service."""\n\n'
    "TIMEOUT_S = 30\n"
    '"""Seconds before a request to the backend is abandoned; GUIDE_TIMEOUT_S changes it."""\n'
)
SETUP = "# Setup\n\nInstall the service with pip and start it with `guide serve`.\n"
PARAGRAPH = (
    "A request to the backend is abandoned after 30 seconds. "
    "Set GUIDE_TIMEOUT_S to change how long it waits."
)


def _repo(server: StandinGitea, name: str) -> Repo:
    if "acme" not in server.state.users:
        server.state.add_user("acme", is_org=True)
    repo = server.state.add_repo("acme", name)
    files = {"README.md": "# guide\n\nA small service.\n", "docs/setup.md": SETUP}
    seed.add_files(server, repo, {**files, "guide/config.py": CONFIG})
    return repo


def _docs_issue(server: StandinGitea, repo: Repo) -> None:
    label = seed.add_label(server, repo, "documentation")
    seed.add_issue(
        server,
        repo,
        "Document the request timeout",
        "The docs do not say how long a request to the backend waits, or how to change it.",
        labels=[label.id],
    )


def _choose(call: ScriptedCall) -> str:
    """The page by number, a citation by yes/no, the commit's type."""
    options = call.choices or ()
    if options == (YES, NO):
        return _cite(call)
    return _page(call) if "1" in options else "docs"


def _page(call: ScriptedCall) -> str:
    """The number the pages listing gives ``docs/setup.md``."""
    found = re.search(r"^(\d+)\. docs/setup\.md$", call.prompt, re.MULTILINE)
    assert found, call.prompt
    return found.group(1)


def _cite(call: ScriptedCall) -> str:
    """Yes for the configuration module, no for any other source."""
    source = call.prompt.split("Source [", 1)[1]
    return YES if "guide/config.py" in source else NO


def _model() -> ScriptedModel:
    model = ScriptedModel()
    model.script("generate", PARAGRAPH, "explain the request timeout", "The docs lacked it.")
    return model.script("choose", *[_choose] * 8)


async def test_a_docs_issue_becomes_a_pull_request_citing_its_sources(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo = _repo(standin, "guide")
    model = _model()
    async with team_of_one(board, load_souls()["doc-writer"], model, standin, tmp_path):
        await mirror_sync(board, standin)  # the repository's files are on the board first
        _docs_issue(standin, repo)
        await mirror_sync(board, standin)
        await wait_for(settled(board, 1), limit_s=60, what="the doc writer's task")
    (task,) = await rows(board, Task)
    assert task.status == "done" and "decision" not in task.result, task.result
    executed = await run_outbox(board, standin)
    assert [a.kind for a in executed] == ["gitea.file.commit", "gitea.pull.create"]
    assert all(a.status == "done" for a in executed), [a.error for a in executed]

    (pull,) = pulls(repo)
    assert pull.pull is not None and pull.pull.head.startswith(f"ga/{task.id}-")
    page = branch_file(repo, pull.pull.head, "docs/setup.md")
    assert page == f"{SETUP}\n## Document the request timeout\n\n{PARAGRAPH}\n"
    assert branch_file(repo, repo.default_branch, "docs/setup.md") == SETUP

    (config,) = await rows(
        board, Entry, Entry.kind == "gitea_file", Entry.title == "acme/guide: guide/config.py"
    )
    sources = pull.body.split("### Sources", 1)[1]
    assert re.search(
        rf"^1\. acme/guide: guide/config\.py — \S+guide/config\.py\S* \(board entry {config.id}\)$",
        sources,
        re.MULTILINE,
    ), sources
    assert "2." not in sources  # only the source the model said the paragraph uses
    assert "Closes #1" in pull.body

    (record,) = await rows(
        board, Entry, Entry.kind == "contribution", Entry.tags.contains(["docs"])
    )
    assert record.meta["page"] == "docs/setup.md"
    decisions = {d["decision"]: d for d in record.meta["decisions"]}
    assert decisions["page"]["chosen"] == "docs/setup.md"
    assert decisions["page"]["options"][-1] == "docs/document-the-request-timeout.md"
    cited = await rows(board, Link, Link.source_id == record.id, Link.kind == "cites")
    assert [link.target_id for link in cited] == [config.id]
    assert model.pending("generate") == 0


async def _question_and_note(
    board: Board, title: str, cited: int, repo: str | None = "acme/notes"
) -> int:
    """A question about ``repo`` and a research note on it citing entry ``cited``."""
    async with api(board) as client:
        question = await client.post(
            "/entries",
            json={"kind": "question", "title": title, "meta": {"repo": repo} if repo else {}},
        )
        note = await client.post(
            "/entries",
            json={
                "kind": "research_note",
                "title": f"Research: {title}",
                "body": "Found in the code, not in the docs.",
                "parent_id": question.json()["id"],
                "tags": ["research"],
                "author": "researcher",
            },
        )
        link = await client.post(
            "/links",
            json={"source_id": note.json()["id"], "target_id": cited, "kind": "cites"},
        )
        assert link.status_code == 201, link.text
    return int(question.json()["id"])


async def test_a_question_not_answered_from_the_docs_becomes_a_docs_pull_request(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    tmp_path: Path,
) -> None:
    repo = _repo(standin, "notes")
    await mirror_sync(board, standin, allow="acme/notes")
    code = await rows(board, Entry, Entry.title == "acme/notes: guide/config.py")
    docs = await rows(board, Entry, Entry.title == "acme/notes: docs/setup.md")
    # seeded before the team starts, so each note's citation is there when it is read
    gap = await _question_and_note(
        board, "How long does a request to the backend wait?", code[0].id
    )
    await _question_and_note(board, "How do I install the service?", docs[0].id)
    await _question_and_note(board, "Which port does it use?", code[0].id, repo=None)
    tasks_before = len(await rows(board, Task))
    async with team_of_one(board, load_souls()["doc-writer"], _model(), standin, tmp_path):
        await wait_for(settled(board, tasks_before + 4), limit_s=60, what="the notes and the gap")
    tasks = (await rows(board, Task))[tasks_before:]
    assert {t.result["why"] for t in tasks if t.result.get("decision")} == {
        "the researcher answered it from 1 documentation source(s)",
        "the question names no repository (meta.repo) whose docs to change",
    }
    handed, worked = (t for t in tasks if t.result.get("decision") is None)
    assert handed.result["tasks"] == [worked.id] and worked.entry_id == gap
    assert worked.agent == "doc-writer" and "decision" not in worked.result, worked.result

    executed = await run_outbox(board, standin)
    assert [a.kind for a in executed] == ["gitea.file.commit", "gitea.pull.create"]
    (pull,) = pulls(repo)
    assert pull.pull is not None
    assert PARAGRAPH in (branch_file(repo, pull.pull.head, "docs/setup.md") or "")
    assert f"(board entry {code[0].id})" in pull.body.split("### Sources", 1)[1]
    assert "Closes #" not in pull.body
