"""The schema keeper's contribute step: one task per migration that lands (a merged pull request
touching migrations) or per task tagged ``schema``.

For each database the entry concerns (``GA_DB_TOOL_REPOS`` for the pull request's repository;
a task's ``database:<name>`` tags or ``meta.database``, else its repository's, else every named
one) it reflects the schema through the database tool (read-only), lists the planned changes
(open pull requests touching migrations), has the model choose each one's kind, and returns:
the schema note (a ``contribution`` tagged ``schema-note``, one per database, updated in place
through its ``source_uri``) with ``meta.decisions`` and a ``derived_from`` link to the pull
request or task, and a ``gitea.wiki.write`` action to the repository's wiki when the soul has
the ``wiki`` right and the database belongs to that repository. A note that would not change
is left as it is. Any other entry goes to the generalist.
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry, Link
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewAction, NewEntry
from knowledge_sources.database import DatabaseTool, DatabaseToolError
from knowledge_sources.database.schema import Schema
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.schema_keeper.classify import classify
from knowledge_sources.schema_keeper.note import render_note
from knowledge_sources.schema_keeper.planned import planned_changes
from knowledge_sources.schema_keeper.trigger import accepts, migration_files
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

NOTE_TAG = "schema-note"
DATABASE_TAG = "database:"
NO_NOTE, UNCHANGED = "no schema note", "schema note unchanged"


def note_uri(database: str) -> str:
    """The schema note's ``source_uri``: one note per database, updated in place."""
    return f"schema-note://{database}"


class SchemaKeeperSource:
    """Keeps one schema note per named database, on the board and in the wiki."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None or not accepts(entry):
            return await GeneralistSource(self.soul).contribute(context, entry)
        tool = context.databases
        if tool is None:
            return [
                Decision(
                    NO_NOTE,
                    "no databases are named: set GA_DB_TOOL_DATABASES (name=postgresql://...) "
                    "and GA_DB_TOOL_REPOS (owner/repo=name)",
                )
            ]
        repo = entry.meta.get("repo") if isinstance(entry.meta.get("repo"), str) else None
        names = _databases(tool, entry, repo)
        if not names:
            return [Decision(NO_NOTE, f"no database is named for {repo}: set GA_DB_TOOL_REPOS")]
        out: list[Contribution] = []
        failed: list[str] = []
        for name in names:
            await context.report(f"inspecting database {name}")
            try:
                schema = await tool.inspect(name)
            except DatabaseToolError as exc:
                failed.append(str(exc))
                continue
            out += await self._note(context, tool, entry, repo, schema)
        if failed:
            out.append(
                Decision(NO_NOTE if not out else "some notes not written", "; ".join(failed))
            )
        return out

    async def _note(
        self, context: Context, tool: DatabaseTool, entry: Entry, repo: str | None, schema: Schema
    ) -> list[Contribution]:
        name = schema.database
        repos = tool.repos_of(name)
        await context.report(f"reading planned changes to {name}")
        planned = [change for r in repos for change in await planned_changes(context.board, r)]
        choices = [
            await classify(context.model, context.patterns, self.soul.personality, change)
            for change in planned
        ]
        kinds = [(change, choice.chosen) for change, choice in zip(planned, choices, strict=True)]
        body = render_note(schema, _occasion(entry, context.task.id), kinds)
        existing = await _existing(context, name)
        if existing is not None and existing.body == body:
            return [Decision(UNCHANGED, f"{name} is as note {existing.id} says")]
        seen = await _linked(context, existing, entry)
        meta = {
            "database": name,
            "tables": [t.qualified for t in schema.tables],
            "relations": [list(r) for r in schema.relations()],
            "planned": [f"{p.repo}#{p.number}" for p in planned],
            "occasion": entry.id,
            "decisions": [c.as_meta() for c in choices],
        }
        out: list[Contribution] = [_note_entry(name, body, repos, meta, None if seen else entry)]
        if repo and name in tool.for_repo(repo) and self.soul.may("wiki"):
            out.append(_wiki_write(name, body, repo, entry))
        return out


def _note_entry(
    name: str, body: str, repos: list[str], meta: dict[str, object], source: Entry | None
) -> NewEntry:
    """The note of database ``name`` (its ``source_uri`` updates the one stored), linked
    ``derived_from`` the entry it was written for (``None``: linked already)."""
    links = () if source is None else (LinkSpec(LinkKind.DERIVED_FROM, source.id),)
    return NewEntry(
        entry=EntryIn(
            kind=EntryKind.CONTRIBUTION,
            title=f"Schema note: {name}",
            body=body,
            source_uri=note_uri(name),
            tags=[NOTE_TAG, f"{DATABASE_TAG}{name}", *(f"repo:{r}"[:100] for r in repos)],
            meta=meta,
        ),
        links=links,
        ref=f"note:{name}",
    )


def _wiki_write(name: str, body: str, repo: str, entry: Entry) -> NewAction:
    """The note as the wiki page ``Schema <name>`` of ``repo``, through the outbox."""
    return NewAction(
        kind="gitea.wiki.write",
        key=f"wiki:{name}",
        target=repo,
        payload={
            "title": f"Schema {name}",
            "content": body,
            "message": f"Schema note of database {name} (board entry {entry.id})",
            "note_entry_id": f"{{ref:note:{name}}}",
        },
    )


def _databases(tool: DatabaseTool, entry: Entry, repo: str | None) -> list[str]:
    """A task's databases named in ``meta.database`` or ``database:<name>`` tags; else the
    repository's; a task naming neither: every named database."""
    if entry.kind == EntryKind.TASK:
        named = entry.meta.get("database")
        tagged = [t.removeprefix(DATABASE_TAG) for t in entry.tags if t.startswith(DATABASE_TAG)]
        wanted = [named] if isinstance(named, str) else tagged
        if wanted:
            return sorted(set(wanted))
    if repo:
        return tool.for_repo(repo)
    return tool.names() if entry.kind == EntryKind.TASK else []


def _occasion(entry: Entry, task_id: int) -> str:
    if entry.kind == EntryKind.GITEA_PULL:
        number, url = entry.meta.get("number"), entry.meta.get("html_url") or entry.source_uri
        title = " ".join(entry.title.split())[:200]
        link = f"[{entry.meta.get('repo')}#{number}]({url})" if url else f"#{number}"
        files = migration_files(entry.meta.get("files") or [])
        landed = ", ".join(f"`{' '.join(f.split())}`" for f in files[:20])
        return f"Updated when {link} ({title}) was merged (migrations: {landed})."
    return f"Refreshed for board entry {entry.id} (task {task_id})."


async def _existing(context: Context, name: str) -> Entry | None:
    async with context.board.sessions() as session:
        found: Entry | None = await session.scalar(
            select(Entry).where(Entry.source_uri == note_uri(name))
        )
    return found


async def _linked(context: Context, note: Entry | None, entry: Entry) -> bool:
    """Whether ``note`` already derives from ``entry`` (a pull request seen again)."""
    if note is None:
        return False
    async with context.board.sessions() as session:
        link = await session.scalar(
            select(Link.id).where(
                Link.source_id == note.id,
                Link.target_id == entry.id,
                Link.kind == LinkKind.DERIVED_FROM,
            )
        )
    return link is not None
