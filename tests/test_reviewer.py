"""The reviewer end to end on the stand-in Gitea with a scripted model: a pull request gets one
review with a line comment on the right line, quoting it; a push to the pull request gets a
review of only the new commits; a sync that brings nothing new reviews nothing."""

from __future__ import annotations

import pytest

from blackboard.models import Action, Task
from blackboard.runtime import Board
from knowledge_sources.reviewer.decide import REQUEST_CHANGES, VERDICT_COMMENT
from knowledge_sources.souls import load_souls
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.reviewer_helpers import (
    CHANGED,
    COMMENT_TEXT,
    review_records,
    running_team,
    scripted_model,
    seed_pull,
)
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_one_review_with_line_comments_then_only_the_new_commits(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    repo, pull = seed_pull(standin, "shop")
    assert pull.pull is not None
    model = scripted_model()
    souls = {"reviewer": load_souls()["reviewer"]}
    async with running_team(board, standin, souls, model):
        await mirror_sync(board, standin)
        await wait_for(settled(board, 1), limit_s=60, what="the review task")
        (task,) = await rows(board, Task)
        assert task.status == "done", task.error
        executed = await run_outbox(board, standin)
        assert [(a.kind, a.status) for a in executed] == [("gitea.review.create", "done")]

        ours = [rv for rv in pull.pull.reviews if "Review by reviewer" in rv.body]
        assert len(ours) == 1
        review = ours[0]
        assert review.state == "REQUEST_CHANGES"
        eval_line = CHANGED.splitlines().index("    return eval(expression)") + 1
        assert [(c.path, c.line) for c in review.comments] == [("app.py", eval_line)]
        assert "    return eval(expression)\n```" in review.comments[0].body
        assert review.comments[0].body.endswith(COMMENT_TEXT)
        head = git_store.head(repo.git, "feature")
        assert head is not None and review.commit_id == head

        (record,) = await review_records(board)
        assert record.meta["head_sha"] == head and record.meta["since"] is None
        decisions = {d["decision"]: d for d in record.meta["decisions"]}
        assert decisions["verdict"]["options"] == [VERDICT_COMMENT, REQUEST_CHANGES]
        assert decisions["verdict"]["chosen"] == REQUEST_CHANGES
        assert "no 'approve' right" in decisions["verdict"]["reason"]
        assert any(d["chosen"] == "comment" for d in record.meta["decisions"])

        # the next sync brings the review back on the pull request: nothing new to review
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the second sync")
        again = (await rows(board, Task))[-1]
        assert again.result["decision"] == "not reviewed"
        assert "no new commits" in again.result["why"]
        assert await run_outbox(board, standin) == []

        # a push to the pull request: only the new line is reviewed and commented on
        pushed = CHANGED + "\n\ndef shell(cmd):\n    import os\n    return os.system(cmd)\n"
        calls_before = len(model.calls)
        seed.push_to_pull(standin, repo, pull, {"app.py": pushed}, "Add shell")
        tasks_before = len(await rows(board, Task))
        await mirror_sync(board, standin)
        await wait_for(settled(board, tasks_before + 1), limit_s=60, what="the re-review")
        executed = await run_outbox(board, standin)
        assert [(a.kind, a.status) for a in executed] == [("gitea.review.create", "done")]
        second = [rv for rv in pull.pull.reviews if "Review by reviewer" in rv.body][1]
        system_line = pushed.splitlines().index("    return os.system(cmd)") + 1
        assert [(c.path, c.line) for c in second.comments] == [("app.py", system_line)]
        assert f"new commits since {head[:12]}" in second.body
        piece_prompts = [
            c.prompt.partition("The piece of the diff to review")[2]
            for c in model.calls[calls_before:]
            if c.choices == ("fine", "comment")
        ]
        added = [ln for p in piece_prompts for ln in p.splitlines() if " + " in ln]
        assert any("os.system(cmd)" in ln for ln in added)
        assert not any("eval(expression)" in ln for ln in added), added  # context now, not new
        records = await review_records(board)
        assert len(records) == 2 and records[-1].meta["since"] == head
        assert await rows(board, Action, Action.kind == "gitea.review.approve") == []
