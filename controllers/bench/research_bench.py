"""``bench research``: the researcher's notes against the plain top-k extractive note.

The retrieval benchmark's corpus (``tests/data/retrieval/corpus``) is ingested onto a scratch
database; for each question of ``questions.jsonl`` (``{"question", "document", "section"}``)
the researcher writes a note with the configured model (the researcher soul's model, through
the factory: ``GA_MODEL_PROVIDER=smollm2|scripted`` forces one), exactly as a worker would,
and the baseline quotes the first whole sentences of the top passages of one search
(``extractive_draft``). Both are scored the same way, on the chunks they cite:

- answer cited: the note cites a chunk of the answering document under the answering section
  (the section is one of the chunk's heading-path parts; an empty section: any chunk of it);
  and, as the baseline cites five passages whatever the question, the share of all citations
  that are such a chunk (answer citation share: how much of what a note quotes is the answer);
- valid citations: every quote appears in the chunk it names (must be 100%);
- seconds per note, and how each note was written (``meta.written_by``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from sqlalchemy import select

from blackboard.database import Database
from blackboard.models import Chunk, Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.limits import BIGINT_MAX
from controllers.bench.scratch import scratch_database
from controllers.settings import AppSettings
from ingest.run import ingest_paths
from knowledge_sources.contributions import NewEntry
from knowledge_sources.models.factory import make_provider
from knowledge_sources.researcher.render import extractive_draft
from knowledge_sources.researcher.source import ResearcherSource
from knowledge_sources.researcher.sources import gather
from knowledge_sources.researcher.verify import normalise, split
from knowledge_sources.souls import load_souls
from knowledge_sources.source import Context

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "retrieval"
TARGET_VALID = 1.0


@dataclass(frozen=True)
class Question:
    """A question, and where its answer is: a document of the corpus and a section of it."""

    question: str
    document: str
    section: str


@dataclass(frozen=True)
class Cited:
    """One citation of a note: the chunk it names and the words it quotes."""

    chunk_id: int
    quote: str


def load_questions(data: Path, limit: int | None = None) -> list[Question]:
    """The benchmark's questions (the first ``limit`` of them)."""
    path = data / "questions.jsonl"
    if not path.is_file() or not (data / "corpus").is_dir():
        raise FileNotFoundError(
            f"{data} holds no questions.jsonl and corpus/: pass --data with the retrieval "
            "benchmark's folder (tests/data/retrieval in a checkout)"
        )
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    questions = [Question(r["question"], r["document"], r.get("section", "")) for r in rows]
    return questions[:limit] if limit else questions


def run_research_bench(
    settings: AppSettings, data: Path = DEFAULT_DATA, limit: int | None = None
) -> dict[str, Any]:
    """Ingest the corpus on a scratch database, write and score every note, report."""
    questions = load_questions(data, limit)
    with scratch_database(settings.board) as db:
        return asyncio.run(_bench(settings, db, data, questions))


UNSTORED = BIGINT_MAX
"""The id the bench's questions carry: valid for the board's shapes, held by no row."""


async def _bench(
    settings: AppSettings, db: Database, data: Path, questions: list[Question]
) -> dict[str, Any]:
    board = Board.open(settings.board, run_migrations=False, db=db)
    soul = load_souls(settings.models.souls_dir)["researcher"]
    model = make_provider(soul.model, settings.models)
    researcher = ResearcherSource(soul)
    corpus = (data / "corpus").resolve()
    try:
        await ingest_paths(board, [corpus], "bench", settings=settings.ingest)
        ours: list[dict[str, Any]] = []
        baseline: list[dict[str, Any]] = []
        for number, question in enumerate(questions, start=1):
            entry = Entry(id=UNSTORED, kind="question", title=question.question, body="", meta={})
            context = Context(
                board=board,
                soul=soul,
                model=model,
                task=Task(agent="researcher", entry_id=UNSTORED),
            )
            started = time.perf_counter()
            made = await researcher.contribute(context, entry)
            seconds = time.perf_counter() - started
            note = next(c for c in made if isinstance(c, NewEntry))
            cited = [
                Cited(link.chunk_id, link.quote or "")
                for link in note.links
                if link.kind == "cites" and link.chunk_id is not None
            ]
            written = str(note.entry.meta.get("written_by", ""))
            ours.append(await _score(board, corpus, question, cited, seconds, written))
            logger.info("note %d of %d: %s", number, len(questions), ours[-1])

            started = time.perf_counter()
            sources = await gather(board, [question.question], exclude_entry=UNSTORED)
            claims, _ = split(extractive_draft(sources).claims, sources)
            seconds = time.perf_counter() - started
            cited = [Cited(sources[c.source - 1].hit.chunk_id, c.quote) for c in claims]
            baseline.append(await _score(board, corpus, question, cited, seconds, "extractive"))
    finally:
        await model.aclose()
        await board.close(stop_database=False)
    return _report(model.name, data, ours, baseline)


async def _score(
    board: Board,
    corpus: Path,
    question: Question,
    cited: Sequence[Cited],
    seconds: float,
    written: str,
) -> dict[str, Any]:
    answer_uri = (corpus / question.document).as_uri()
    async with board.sessions() as session:
        rows = (
            await session.execute(
                select(Chunk.id, Chunk.text, Chunk.heading_path, Entry.source_uri)
                .join(Entry, Entry.id == Chunk.entry_id)
                .where(Chunk.id.in_([c.chunk_id for c in cited]))
            )
        ).all()
    chunks = {row.id: row for row in rows}
    valid = sum(
        1
        for c in cited
        if c.chunk_id in chunks and normalise(c.quote) in normalise(chunks[c.chunk_id].text)
    )
    on_answer = [
        c
        for c in cited
        if c.chunk_id in chunks
        and chunks[c.chunk_id].source_uri == answer_uri
        and _in_section(chunks[c.chunk_id].heading_path, question.section)
    ]
    return {
        "answered": bool(on_answer),
        "on_answer": len(on_answer),
        "citations": len(cited),
        "valid": valid,
        "seconds": seconds,
        "written_by": written,
    }


def _in_section(heading_path: str, section: str) -> bool:
    parts = [p.strip() for p in heading_path.split(" > ")]
    return not section or section.strip() in parts


def _side(notes: list[dict[str, Any]]) -> dict[str, Any]:
    citations = sum(n["citations"] for n in notes)
    return {
        "notes": len(notes),
        "answer_cited_share": round(sum(n["answered"] for n in notes) / len(notes), 3),
        "citations": citations,
        "valid_citation_share": round(sum(n["valid"] for n in notes) / citations, 3)
        if citations
        else 1.0,
        "citations_per_note": round(citations / len(notes), 2),
        "answer_citation_share": round(sum(n["on_answer"] for n in notes) / citations, 3)
        if citations
        else 0.0,
        "seconds_per_note": round(mean(n["seconds"] for n in notes), 3),
        "max_seconds": round(max(n["seconds"] for n in notes), 3),
        "written_by": dict(Counter(n["written_by"] for n in notes)),
    }


def _report(
    model: str, data: Path, ours: list[dict[str, Any]], baseline: list[dict[str, Any]]
) -> dict[str, Any]:
    if not ours:
        raise ValueError("no questions to run")
    mine, base = _side(ours), _side(baseline)
    targets = {
        "valid citations == 100% (researcher)": mine["valid_citation_share"] >= TARGET_VALID,
        "valid citations == 100% (baseline)": base["valid_citation_share"] >= TARGET_VALID,
        "answer cited >= baseline": mine["answer_cited_share"] >= base["answer_cited_share"],
    }
    return {
        "data": str(data),
        "model": model,
        "questions": len(ours),
        "researcher": mine,
        "baseline": base,
        "targets_met": targets,
    }
