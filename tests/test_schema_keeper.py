"""The schema keeper end to end on the stand-in Gitea with a scripted model and a real scratch
database: a merged migration pull request leads to a schema note on the board (tables, columns,
relations from reflection; the open migration pull request as a planned change, its kind
chosen from fixed options) and a wiki write through the outbox; when the planned change lands,
the same note is updated in place and the wiki page again."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from blackboard.database import Database
from blackboard.models import Entry, Link, Task
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.schema_keeper.classify import CHANGE_KINDS
from knowledge_sources.souls import load_souls
from tests.db_tool_helpers import shop_database, tool_settings
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.handlers_wiki import BRANCH
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Issue, Repo
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

pytestmark = [pytest.mark.usefixtures("no_violations")]

ADDS = "adds tables or columns"


def answer(call: ScriptedCall) -> str:
    """Every planned change adds tables (the only choice the keeper asks for)."""
    assert call.choices == CHANGE_KINDS
    return ADDS


def merge(server: StandinGitea, pull: Issue) -> None:
    """Merge ``pull`` on the stand-in (closed, merged, updated now)."""
    assert pull.pull is not None
    now = server.state.clock.tick()
    pull.pull.merged, pull.pull.merged_at = True, now
    pull.state, pull.closed_at, pull.updated = "closed", now, now


def wiki_page(repo: Repo, name: str) -> str:
    data = git_store.read(repo.wiki, BRANCH, f"{name}.md")
    assert data is not None, f"no wiki page {name}"
    return data.decode()


async def notes(board: Board) -> list[Entry]:
    return await rows(board, Entry, Entry.tags.contains(["schema-note"]))


async def test_a_merged_migration_updates_the_schema_note_and_the_wiki(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    fresh_database: Callable[[], Database],
) -> None:
    url = shop_database(fresh_database)
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "shop")
    seed.add_files(standin, repo, {"alembic/versions/0001_customers.py": "# customers\n"})
    database = seed.add_label(standin, repo, "database")
    landed = seed.add_pull(
        standin, repo, "orders", "Add orders", {"alembic/versions/0002_orders.py": "# orders\n"}
    )
    landed.labels = [database.id]
    merge(standin, landed)
    planned = seed.add_pull(
        standin,
        repo,
        "refunds",
        "Add refunds",
        {"alembic/versions/0003_refunds.py": "# refunds\n", "app/models.py": "# models\n"},
    )
    model = ScriptedModel().script("choose", *[answer] * 10)
    soul = load_souls()["migrations-specialist"]
    assert soul.behaviours[0] == "schema_keeper" and soul.may("wiki")
    team = Team(
        board,
        {soul.name: soul},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        databases=tool_settings(url),
    )
    await team.start()
    try:
        await mirror_sync(board, standin)
        # two tasks: the merged pull request's (the schema keeper) and the open migration
        # pull request's (the same soul's reviewer behaviour: without a Gitea it says so)
        await wait_for(settled(board, 2), limit_s=60, what="the pull requests' tasks")
        merged = Entry.kind == "gitea_pull", Entry.status == "closed"
        (pull_entry,) = await rows(board, Entry, *merged)
        (task,) = await rows(board, Task, Task.entry_id == pull_entry.id)
        assert task.status == "done", task.error
        (note,) = await notes(board)
        assert note.title == "Schema note: shop" and note.author == soul.name
        assert "Updated when [acme/shop#1](" in note.body
        why = "(Add orders) was merged (migrations: `alembic/versions/0002_orders.py`)"
        assert why in note.body
        assert "### `public.orders`" in note.body and "### `public.customers`" in note.body
        assert "| `customer_id` | bigint | no | -> `public.customers` |  |" in note.body
        assert "| `embedding` | vector(3) | yes |" in note.body
        assert "- index `orders_customer_idx` on `customer_id`" in note.body
        assert "- `public.orders` (`customer_id`) -> `public.customers` (`id`)" in note.body
        assert f"Add refunds: {ADDS} (`alembic/versions/0003_refunds.py`)" in note.body
        assert "app/models.py" not in note.body
        (decision,) = note.meta["decisions"]
        assert decision["options"] == list(CHANGE_KINDS) and decision["chosen"] == ADDS
        assert decision["decision"] == "kind of change of acme/shop#2"
        assert note.meta["tables"] == ["public.customers", "public.orders"]
        links = await rows(board, Link, Link.source_id == note.id)
        assert [(k.kind, k.target_id) for k in links] == [("derived_from", pull_entry.id)]
        # the prompt carried the pull request fenced as data, under the pattern's system text
        (call,) = model.calls_to("choose")
        assert "<<<DATA" in call.prompt and "Add refunds" in call.prompt
        assert "You keep the schema note of a database" in call.prompt

        executed = await run_outbox(board, standin)
        assert [(a.kind, a.status, a.target) for a in executed] == [
            ("gitea.wiki.write", "done", "acme/shop")
        ]
        assert executed[0].payload["note_entry_id"] == note.id
        page = wiki_page(repo, "Schema-shop")
        assert "### `public.orders`" in page and "Add refunds" in page

        # the planned change lands: the migration ran, the pull request is merged
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE refunds (id bigserial PRIMARY KEY, "
                "order_id bigint NOT NULL REFERENCES orders (id))"
            )
        planned.labels = [database.id]
        merge(standin, planned)
        await mirror_sync(board, standin)
        await wait_for(settled(board, 3), limit_s=60, what="the second merge's task")
        (again,) = await notes(board)
        assert again.id == note.id, "one note per database, updated in place"
        assert "### `public.refunds`" in again.body
        assert "- `public.refunds` (`order_id`) -> `public.orders` (`id`)" in again.body
        assert "No open pull request changes the schema." in again.body
        assert "Updated when [acme/shop#2](" in again.body
        assert len(model.calls_to("choose")) == 1, "nothing planned: nothing to choose"
        executed = await run_outbox(board, standin)
        assert [(a.kind, a.status) for a in executed] == [("gitea.wiki.write", "done")]
        assert "### `public.refunds`" in wiki_page(repo, "Schema-shop")
    finally:
        await team.stop()
