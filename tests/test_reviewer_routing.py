"""Routing to the database specialists, decided by their soul files and shown in the task's
reason: a pull request that changes migrations goes to the migrations specialist (instead of
the reviewer), one that changes SQL to the pgvector specialist, a question that mentions
pgvector to the pgvector specialist (instead of the researcher); everything else as before."""

from __future__ import annotations

import datetime

import pytest

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.services.match_keys import match_key, scheduled_for_older_version
from controllers.control.matching import match_entry
from knowledge_sources.reviewer.history import REROUTED, WAITING, plan
from knowledge_sources.souls import load_souls
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.reviewer_helpers import running_team, scripted_model, seed_pull
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

MIGRATION = "blackboard/migrations/versions/0006_add_due_date.py"


def _entry(kind: str, title: str, body: str = "", files: list[str] | None = None) -> Entry:
    meta: dict[str, object] = {"repo": "acme/app", "number": 3}
    if files is not None:
        meta["files"] = files
    return Entry(
        id=1,
        kind=kind,
        title=title,
        body=body,
        tags=[],
        priority=0,
        meta=meta,
        author="human",
        created_at=datetime.datetime.now(datetime.UTC),
        status="open",
    )


def _routed(entry: Entry) -> dict[str, str]:
    return {m.agent: m.why for m in match_entry(entry, None, load_souls(), {})}


def test_changed_paths_and_words_pick_the_specialist_instead_of_the_generalist() -> None:
    migration = _entry("gitea_pull", "Add a due date", files=[MIGRATION, "app/models.py"])
    routed = _routed(migration)
    assert list(routed) == ["migrations-specialist"]
    assert f"changes {MIGRATION} (**/migrations/**)" in routed["migrations-specialist"]
    assert routed["migrations-specialist"].endswith("instead of reviewer")
    assert _routed(migration) == routed  # the same entry, the same routing

    sql = _entry("gitea_pull", "Faster report", files=["reports/monthly.sql"])
    assert list(_routed(sql)) == ["pgvector-specialist"]
    assert list(_routed(_entry("gitea_pull", "Fix typo", files=["README.md"]))) == ["reviewer"]

    question = _entry("question", "How do I pick HNSW m and ef_construction for pgvector?")
    routed = _routed(question)
    assert list(routed) == ["pgvector-specialist"]
    assert "mentions 'pgvector'" in routed["pgvector-specialist"]
    assert routed["pgvector-specialist"].endswith("instead of researcher")
    assert list(_routed(_entry("question", "What does the export command write?"))) == [
        "researcher"
    ]


@pytest.mark.usefixtures("no_violations")
async def test_a_migration_pull_request_is_reviewed_by_the_migrations_specialist(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    migration = "migrations/versions/0002_due.py"
    code = "def upgrade():\n    op.add_column('notes', sa.Column('due', sa.Date()))\n"
    _, pull = seed_pull(standin, "notes", {migration: code})
    assert pull.pull is not None
    souls = {name: load_souls()[name] for name in ("reviewer", "migrations-specialist")}
    async with running_team(board, standin, souls, scripted_model()):
        await mirror_sync(board, standin, allow="acme/notes")
        await wait_for(settled(board, 1), limit_s=60, what="the review task")
    (task,) = await rows(board, Task)
    assert task.agent == "migrations-specialist" and task.status == "done", task.error
    assert f"changes {migration} (**/migrations/**)" in task.reason
    assert "instead of reviewer" in task.reason
    executed = await run_outbox(board, standin)
    assert [(a.kind, a.agent, a.status) for a in executed] == [
        ("gitea.review.create", "migrations-specialist", "done")
    ]
    assert any("Review by migrations-specialist" in rv.body for rv in pull.pull.reviews)
    assert not any("Review by reviewer" in rv.body for rv in pull.pull.reviews)


async def test_a_webhooks_partial_copy_waits_for_the_changed_files(board: Board) -> None:
    partial = _entry("gitea_pull", "Add a due date", files=[])
    partial.source_version = "2024-01-01T00:00:09Z|partial"
    task = Task(id=1, agent="reviewer", created_by="control", reason="matched")
    todo = await plan(board, partial, "0" * 40, task, frozenset({"reviewer"}))
    assert not todo.go and todo.why == WAITING


async def test_a_task_for_an_older_text_of_the_pull_request_is_left_to_the_new_routing(
    board: Board,
) -> None:
    full = _entry("gitea_pull", "Add a due date", files=[MIGRATION])
    full.content_hash = "f" * 64
    old = Task(id=2, agent="reviewer", created_by="control", dedupe_key=f"reviewer:1:{'e' * 16}")
    todo = await plan(board, full, "0" * 40, old, frozenset({"reviewer"}))
    assert not todo.go and todo.why == REROUTED
    current = Task(
        id=3, agent="reviewer", created_by="control", dedupe_key=match_key("reviewer", full)
    )
    assert not scheduled_for_older_version(current, full)
