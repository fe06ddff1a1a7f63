"""The triager end to end on the stand-in Gitea with a scripted model: an issue is labelled from
its repository's labels only, commented on, and linked to the earlier issue it duplicates; a
second sync does not triage again, a ``/triage`` comment does."""

from __future__ import annotations

import pytest

from blackboard.models import Entry, Link, Task
from blackboard.runtime import Board
from knowledge_sources.souls import load_souls
from knowledge_sources.triager.decide import DISTINCT, DUPLICATE, NONE
from tests.api_client import api
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import wait_for
from tests.triager_helpers import (
    LABELS,
    mirror_sync,
    rows,
    run_outbox,
    running_team,
    scripted_model,
    seed_repo,
    settled,
    triage_records,
)

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_issue_labelled_commented_and_linked_to_its_duplicate_once(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    repo = seed_repo(standin, "app")
    model = scripted_model()
    async with running_team(board, load_souls()["triager"], model):
        await mirror_sync(board, standin)
        await wait_for(settled(board, 2), limit_s=60, what="both issues triaged")
        executed = await run_outbox(board, standin)
        assert sorted(a.kind for a in executed) == [
            "gitea.comment.create",
            "gitea.comment.create",
            "gitea.labels.add",
            "gitea.labels.add",
        ]
        assert all(a.status == "done" for a in executed)

        names = {lab.id: lab.name for lab in repo.labels.values()}
        for issue in repo.issues.values():
            assert [names[i] for i in issue.labels] == ["kind/bug"]
        comments = {c.issue: c.body for c in repo.comments.values()}
        assert "Likely duplicate of [#1](" in comments[2] and "`kind/bug`" in comments[2]
        assert "No earlier issue looks like the same report" in comments[1]
        # only the repository's labels (and the two verdicts) were ever offered
        offered = {c for call in model.calls_to("choose") for c in call.choices or ()}
        assert offered == {*LABELS, NONE, DUPLICATE, DISTINCT}

        issues = await rows(board, Entry, Entry.kind == "gitea_issue")
        first, second = sorted(issues, key=lambda e: e.meta["number"])
        links = await rows(board, Link, Link.kind == "duplicates")
        assert [(k.source_id, k.target_id) for k in links] == [(second.id, first.id)]
        record = next(r for r in await triage_records(board) if r.meta["issue"] == second.id)
        decisions = {d["decision"]: d for d in record.meta["decisions"]}
        assert decisions["kind label"]["options"] == ["kind/bug", "kind/feature", NONE]
        assert decisions["kind label"]["chosen"] == "kind/bug"
        assert decisions["priority label"]["chosen"] == NONE
        assert decisions["duplicate of #1"]["chosen"] == DUPLICATE
        assert "similarity" in decisions["duplicate of #1"]["reason"]

        # a second sync brings back the labels, the comments and the reporter's edit of #2,
        # which makes a new task for it: the triager sees its record and does nothing
        edited = repo.issues[2]
        edited.body += "\n\nSeen on 2.3.1 too."
        edited.updated = standin.state.clock.tick()
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the second sync")
        assert len(await triage_records(board)) == 2
        (again,) = (await rows(board, Task))[tasks_before:]
        assert again.entry_id == second.id and again.result["decision"] == "not triaged"
        assert again.result["why"].startswith("triaged before")
        assert await run_outbox(board, standin) == []

        # a person asks again with /triage: issue 1 is triaged once more
        seed.add_comment(standin, repo, repo.issues[1], "/triage please, it is a regression")
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the /triage ask")
        records = await triage_records(board)
        assert len(records) == 3 and records[-1].meta["issue"] == first.id
        assert records[-1].meta["why"].endswith("asked with /triage")

        # and through the board's task controls: a person's task for the triager on #2
        async with api(board) as client:
            asked = await client.post(
                "/tasks", json={"agent": "triager", "entry_id": second.id, "reason": "again"}
            )
            assert asked.status_code == 201, asked.text
        await wait_for(settled(board, tasks_before + 2), limit_s=60, what="the person's task")
        records = await triage_records(board)
        assert len(records) == 4 and records[-1].meta["issue"] == second.id
        assert records[-1].meta["why"] == f"human asked for it (task {asked.json()['id']})"
        again_done = await run_outbox(board, standin)
        assert sorted(a.kind for a in again_done).count("gitea.comment.create") == 2
