"""The schema keeper's choices, one at a time, on a real board and a real scratch database: which
entries it takes (merged pull requests touching migrations, tasks tagged ``schema``), which
databases it reflects, when it writes the wiki, and what it says when it cannot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import SecretStr

from blackboard.database import Database
from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from knowledge_sources.behaviours import BehaviourRouter
from knowledge_sources.contributions import Contribution, Decision, NewAction, NewEntry
from knowledge_sources.database import DatabaseTool, DatabaseToolSettings
from knowledge_sources.generalist import NOTHING
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.registry import build_registry
from knowledge_sources.researcher.source import ResearcherSource
from knowledge_sources.reviewer.source import ReviewerSource
from knowledge_sources.schema_keeper.source import SchemaKeeperSource
from knowledge_sources.schema_keeper.trigger import accepts, is_migration
from knowledge_sources.souls import Soul, load_souls
from knowledge_sources.source import Context
from tests.db_tool_helpers import shop_database

KEEPER = load_souls()["migrations-specialist"]


@pytest.fixture(scope="module")
def shop(fresh_database: Callable[[], Database]) -> str:
    return shop_database(fresh_database)


def pull(merged: bool, files: list[str], repo: str = "acme/shop") -> Entry:
    meta = {"repo": repo, "number": 3, "merged": merged, "files": files}
    return Entry(kind="gitea_pull", title="Add orders", body="", tags=[], meta=meta)


@pytest.mark.parametrize(
    ("path", "migration"),
    [
        ("alembic/versions/1a2b_add_orders.py", True),
        ("blackboard/migrations/versions/0004_x.py", True),
        ("app/migrations/0002_orders.py", True),
        ("db/schema.SQL", True),
        ("alembic/env.py", False),
        ("docs/versions/changelog.md", False),
        ("app/models.py", False),
    ],
)
def test_what_counts_as_a_migration(path: str, migration: bool) -> None:
    assert is_migration(path) is migration


def test_only_merged_migration_pulls_and_schema_tasks_are_the_keepers() -> None:
    assert accepts(pull(True, ["README.md", "alembic/versions/0002_orders.py"]))
    assert not accepts(pull(False, ["alembic/versions/0002_orders.py"]))
    assert not accepts(pull(True, ["app/models.py"]))
    assert accepts(Entry(kind="task", title="t", tags=["schema"], meta={}))
    assert not accepts(Entry(kind="task", title="t", tags=["docs"], meta={}))
    router = build_registry({KEEPER.name: KEEPER})[KEEPER.name]
    assert isinstance(router, BehaviourRouter)
    assert isinstance(router.source_for(pull(True, ["a/migrations/1.py"])), SchemaKeeperSource)
    # an open one is the reviewer's (the specialists list it second), a question the researcher's
    assert isinstance(router.source_for(pull(False, ["a/migrations/1.py"])), ReviewerSource)
    question = Entry(kind="question", title="q", tags=[], meta={})
    assert isinstance(router.source_for(question), ResearcherSource)


async def stored(board: Board, data: EntryIn) -> Entry:
    async with board.sessions() as session:
        return await EntryService(session, await board.embedder()).create(data)


async def keep(
    board: Board,
    entry: Entry,
    settings: DatabaseToolSettings | None,
    soul: Soul = KEEPER,
    model: ScriptedModel | None = None,
) -> list[Contribution]:
    context = Context(
        board=board,
        soul=soul,
        model=model or ScriptedModel(),
        task=Task(id=41, agent=soul.name, reason="test"),
        databases=DatabaseTool(settings) if settings is not None else None,
    )
    return await SchemaKeeperSource(soul).contribute(context, entry)


def named(**urls: str) -> dict[str, SecretStr]:
    return {name: SecretStr(url) for name, url in urls.items()}


async def test_a_schema_task_without_a_repository_notes_every_named_database(
    board: Board, shop: str
) -> None:
    task = await stored(
        board, EntryIn(kind="task", title="Refresh the schema notes", tags=["schema"])
    )
    settings = DatabaseToolSettings(databases=named(shop=shop, copy=shop))
    out = await keep(board, task, settings)
    notes = [c for c in out if isinstance(c, NewEntry)]
    assert [n.entry.title for n in notes] == ["Schema note: copy", "Schema note: shop"]
    assert [n.entry.source_uri for n in notes] == ["schema-note://copy", "schema-note://shop"]
    assert "Refreshed for board entry" in notes[0].entry.body and "(task 41)" in notes[0].entry.body
    assert not [c for c in out if isinstance(c, NewAction)], "no repository: no wiki to write"
    one = await keep(
        board,
        await stored(
            board,
            EntryIn(kind="task", title="Only shop", tags=["schema"], meta={"database": "shop"}),
        ),
        settings,
    )
    assert [c.entry.title for c in one if isinstance(c, NewEntry)] == ["Schema note: shop"]
    tagged = EntryIn(kind="task", title="Only copy", tags=["schema", "database:copy"])
    one = await keep(board, await stored(board, tagged), settings)
    assert [c.entry.title for c in one if isinstance(c, NewEntry)] == ["Schema note: copy"]


async def test_the_wiki_is_written_only_with_the_right_and_for_the_repositorys_database(
    board: Board, shop: str
) -> None:
    settings = DatabaseToolSettings(databases=named(shop=shop), repos={"acme/shop": ["shop"]})
    merged = await stored(
        board,
        EntryIn(
            kind="gitea_pull",
            title="Add orders",
            source_uri="http://gitea.test/acme/shop/pulls/3",
            status="closed",
            meta={"repo": "acme/shop", "number": 3, "merged": True, "files": ["x.sql"]},
        ),
    )
    out = await keep(board, merged, settings)
    (action,) = [c for c in out if isinstance(c, NewAction)]
    assert (action.kind, action.target, action.payload["title"]) == (
        "gitea.wiki.write",
        "acme/shop",
        "Schema shop",
    )
    no_wiki = KEEPER.model_copy(update={"actions": [a for a in KEEPER.actions if a != "wiki"]})
    out = await keep(board, merged, settings, soul=no_wiki)
    assert [type(c) for c in out] == [NewEntry], "the note, and no wiki write without the right"


async def test_what_it_says_when_it_cannot_keep_a_note(board: Board, shop: str) -> None:
    elsewhere = await stored(
        board,
        EntryIn(
            kind="gitea_pull",
            title="Add orders elsewhere",
            source_uri="http://gitea.test/acme/other/pulls/3",
            status="closed",
            meta={"repo": "acme/other", "number": 3, "merged": True, "files": ["x.sql"]},
        ),
    )
    assert await keep(board, elsewhere, None) == [
        Decision(
            "no schema note",
            "no databases are named: set GA_DB_TOOL_DATABASES (name=postgresql://...) "
            "and GA_DB_TOOL_REPOS (owner/repo=name)",
        )
    ]
    settings = DatabaseToolSettings(databases=named(shop=shop), repos={"acme/shop": ["shop"]})
    assert await keep(board, elsewhere, settings) == [
        Decision("no schema note", "no database is named for acme/other: set GA_DB_TOOL_REPOS")
    ]
    down = DatabaseToolSettings(
        databases=named(old="postgresql://reader:s3cret@127.0.0.1:9/old"),
        repos={"acme/other": ["old"]},
    )
    (said,) = await keep(board, elsewhere, down)
    assert isinstance(said, Decision) and said.decision == "no schema note"
    assert said.why.startswith("cannot inspect database 'old'") and "s3cret" not in said.why


async def test_an_open_migration_pull_goes_to_the_generalist(board: Board, shop: str) -> None:
    opened = await stored(
        board,
        EntryIn(
            kind="gitea_pull",
            title="Add refunds",
            source_uri="http://gitea.test/acme/shop/pulls/4",
            meta={"repo": "acme/shop", "number": 4, "merged": False, "files": ["x.sql"]},
        ),
    )
    model = ScriptedModel().script("choose", NOTHING).script("generate", "Not merged yet.")
    settings = DatabaseToolSettings(databases=named(shop=shop), repos={"acme/shop": ["shop"]})
    out = await keep(board, opened, settings, model=model)
    assert out == [Decision(NOTHING, "Not merged yet.")]
    (asked,) = model.calls_to("choose")
    assert NOTHING in (asked.choices or ())
