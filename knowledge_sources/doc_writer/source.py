"""The doc writer's contribute step: a docs gap -> sources -> page -> paragraph -> citations ->
an edit on the task's branch -> commit and pull request citing its sources.

The gap (``gap.py``) is searched on the board (the researcher's hybrid ``gather``); with no
source it writes nothing, since a docs change with nothing behind it would be invented. The
page is chosen by number among the checkout's pages (``pages.py``), the paragraph is bounded
prose, and the citations are the sources the model says the paragraph states something from
(``write.py``). The section is added through the workbench (its journal and parse gate), then
``publish`` makes the commit and the pull request, whose body lists the cited sources
(``citations.py``). A record entry keeps every decision and ``cites`` each source.
"""

from __future__ import annotations

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewEntry, NewTask
from knowledge_sources.decisions import Choice
from knowledge_sources.doc_writer.citations import sources_section
from knowledge_sources.doc_writer.gap import DocsGap, find_gap
from knowledge_sources.doc_writer.pages import docs_pages, new_page
from knowledge_sources.doc_writer.write import (
    choose_citations,
    choose_page,
    write_paragraph,
)
from knowledge_sources.models.errors import ModelError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.researcher.sources import Source, gather
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.publish import publish
from knowledge_sources.workbench.text import read_text
from knowledge_sources.workbench.workbench import ToolResult, Workbench
from knowledge_sources.workbench.workspace import Workspace

NO_CHANGE = "no docs change"
MAX_SOURCES = 5


class DocWriterSource:
    """Turns a docs gap into a cited docs change and a pull request."""

    KINDS = frozenset(
        {
            EntryKind.TASK,
            EntryKind.GITEA_ISSUE,
            EntryKind.OPEN_PROBLEM,
            EntryKind.GOAL,
            EntryKind.RESEARCH_NOTE,
            EntryKind.QUESTION,
        }
    )
    """What it works on: docs tasks, issues, problems and goals; research notes and their
    questions (a gap when no documentation answered)."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        gap = await find_gap(context, entry)
        if isinstance(gap, str):
            return [Decision(NO_CHANGE, gap)]
        if isinstance(gap, NewTask):
            return [gap]
        if context.checkout is None:
            return [
                Decision(NO_CHANGE, "no Gitea is configured (GA_GITEA_URL): nothing to check out")
            ]
        await context.report("searching the board")
        found = await gather(
            context.board, [gap.text], exclude_entry=gap.entry_id, k=MAX_SOURCES + 1, passages=1
        )  # one more entry than kept: the gap's own entry may be among the hits
        sources = found[:MAX_SOURCES]
        if not sources:
            return [
                Decision(
                    NO_CHANGE,
                    "the board holds no source on it; ingest the docs or code it should explain",
                )
            ]
        try:
            return await self._write(context, gap, sources)
        except ModelError as exc:
            why = unusable_reason(exc, context.model.name)
            return [Decision(NO_CHANGE, f"{why}; nothing was committed")]

    async def _write(
        self, context: Context, gap: DocsGap, sources: list[Source]
    ) -> list[Contribution]:
        assert context.checkout is not None
        await context.report(f"checking out {gap.repo}")
        checkout = await context.checkout(gap.repo)
        decisions: list[Choice] = []
        await context.report("choosing the page")
        options = [*docs_pages(checkout.root, sources), new_page(gap.title)]
        page = await choose_page(context, gap, options, decisions)
        await context.report("writing")
        paragraph = await write_paragraph(context, gap, sources, page)
        if not paragraph:
            return [
                Decision(
                    NO_CHANGE,
                    f"{context.model.name} wrote no whole sentence; nothing was committed",
                )
            ]
        await context.report("choosing citations")
        cited = await choose_citations(context, paragraph, sources, decisions)
        if not cited:
            return [
                Decision(
                    NO_CHANGE,
                    f"none of the {len(sources)} sources supports the paragraph "
                    f"{context.model.name} wrote; nothing was committed",
                )
            ]
        bench = Workbench(Workspace(checkout.root))
        try:
            result = await _add_section(bench, page, gap.title, paragraph)
        except WorkbenchError as exc:
            return [Decision(NO_CHANGE, f"{page}: {exc}; nothing was committed")]
        if not result.ok:
            return [Decision(NO_CHANGE, f"{result.output}; nothing was committed")]
        await context.report("publishing")
        citations = sources_section(cited)
        published = await publish(
            context,
            checkout,
            title=f"docs: {gap.title}",
            why=f"A docs gap: {gap.origin}.",
            closes=gap.closes,
            gate=result.gate,
            extra_body=citations,
        )
        if any(isinstance(c, Decision) for c in published):  # nothing committed after all
            return published
        return [_record(gap, page, paragraph, citations, cited, decisions), *published]


async def _add_section(bench: Workbench, page: str, heading: str, paragraph: str) -> ToolResult:
    """The paragraph under its heading at the end of ``page`` (a new page: its title)."""
    target = bench.workspace.resolve(page)
    if not target.exists():
        return await bench.create_file(page, f"# {heading}\n\n{paragraph}\n")
    lines = read_text(target).splitlines()
    return await bench.insert_lines(page, len(lines) + 1, f"\n## {heading}\n\n{paragraph}\n")


def _record(
    gap: DocsGap,
    page: str,
    paragraph: str,
    citations: str,
    cited: list[Source],
    decisions: list[Choice],
) -> NewEntry:
    links = [LinkSpec(kind=LinkKind.DERIVED_FROM, target_id=gap.entry_id)]
    links += [
        LinkSpec(kind=LinkKind.CITES, target_id=s.hit.entry_id, chunk_id=s.hit.chunk_id)
        for s in cited
    ]
    return NewEntry(
        entry=EntryIn(
            kind=EntryKind.CONTRIBUTION,
            title=f"Docs change: {gap.title}"[:500],
            body=f"Page: {page}\n\n{paragraph}\n\n{citations}",
            parent_id=gap.entry_id,
            tags=["docs", f"repo:{gap.repo}"[:100]],
            meta={
                "repo": gap.repo,
                "page": page,
                "sources": [s.location for s in cited],
                "decisions": [d.as_meta() for d in decisions],
            },
        ),
        links=tuple(links),
    )
