"""What a docs gap is, and where: an issue or task about docs, an open problem or goal tagged
for docs, or a question the researcher could not answer from the docs.

A research note is a gap when none of the sources it cites is documentation (a document, a
dependency's docs, a wiki page, or a markdown/reST file of a repository): the answer came from
code or issues, or nothing was found. The gap is then its question, which names the repository,
so the note hands the work on as a task on the question (``NewTask`` to the doc writer itself);
on the question the same check is made against its newest research note. Anything else comes
back as the reason it is no gap, for the task's ``Decision``.
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry, Link
from blackboard.models.vocabulary import EntryKind, LinkKind
from knowledge_sources.coder.repo_work import RepoWork, repo_work
from knowledge_sources.coder.target import repo_of
from knowledge_sources.contributions import NewTask
from knowledge_sources.source import Context

DOC_KINDS = frozenset({EntryKind.DOCUMENT, EntryKind.DEPENDENCY_DOC, EntryKind.GITEA_WIKI_PAGE})
DOC_SUFFIXES = (".md", ".rst", ".txt", ".adoc")
GAP_CHARS = 3000


DocsGap = RepoWork
"""Where the docs fall short: the repository, a title, the text (untrusted) and its origin."""


async def find_gap(context: Context, entry: Entry | None) -> DocsGap | NewTask | str:
    """The gap ``entry`` shows, the task on the question a research note leaves, or why none."""
    if entry is None:
        return "the task names no board entry"
    if entry.kind == EntryKind.RESEARCH_NOTE:
        docs = await _doc_sources(context, entry.id)
        if docs:
            return f"the researcher answered it from {docs} documentation source(s)"
        question = await _entry(context, entry.parent_id)
        if question is None:
            return "the research note's question is not on the board"
        if repo_of(question) is None:
            return "the question names no repository (meta.repo) whose docs to change"
        return NewTask(
            reason="a docs gap: the researcher found no documentation answering this question",
            entry_id=question.id,
            agent=context.soul.name,
        )
    if entry.kind == EntryKind.QUESTION:
        note = await _newest_note(context, entry.id)
        if note is None:
            return "the question has no research note yet; the researcher answers it first"
        if docs := await _doc_sources(context, note.id):
            return f"the researcher answered it from {docs} documentation source(s)"
    return await repo_work(
        context,
        entry,
        title_chars=80,
        text_chars=GAP_CHARS,
        pull_exists="a pull request from {head} fills this gap already",
    )


async def _entry(context: Context, entry_id: int | None) -> Entry | None:
    if entry_id is None:
        return None
    async with context.board.sessions() as session:
        return await session.get(Entry, entry_id)


async def _newest_note(context: Context, question_id: int) -> Entry | None:
    query = (
        select(Entry)
        .where(Entry.parent_id == question_id, Entry.kind == EntryKind.RESEARCH_NOTE)
        .order_by(Entry.id.desc())
        .limit(1)
    )
    async with context.board.sessions() as session:
        note: Entry | None = await session.scalar(query)
    return note


async def _doc_sources(context: Context, note_id: int) -> int:
    """How many of the entries the note cites are documentation."""
    query = (
        select(Entry)
        .join(Link, Link.target_id == Entry.id)
        .where(Link.source_id == note_id, Link.kind == LinkKind.CITES)
    )
    async with context.board.sessions() as session:
        cited = list(await session.scalars(query))
    return sum(_is_doc(entry) for entry in {e.id: e for e in cited}.values())


def _is_doc(entry: Entry) -> bool:
    """A document, or a repository file the mirror calls ``doc`` (or named like one)."""
    if entry.kind in DOC_KINDS:
        return True
    meta = entry.meta if isinstance(entry.meta, dict) else {}
    named = str(meta.get("path") or "").lower().endswith(DOC_SUFFIXES)
    return entry.kind == EntryKind.GITEA_FILE and (meta.get("role") == "doc" or named)
