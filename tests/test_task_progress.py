"""A running task's stage: the researcher reports each one, the worker keeps it on the task
(``result.progress``) while the task is active, which ``ask --wait`` prints."""

from __future__ import annotations

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.control.worker import record_progress
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.researcher.draft import Draft
from knowledge_sources.researcher.source import ResearcherSource
from knowledge_sources.souls import load_souls
from knowledge_sources.source import Context


async def _question(board: Board) -> Entry:
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        await service.create(
            EntryIn(kind="document", title="Queues", body="SAQ keeps its jobs in saq_jobs.")
        )
        return await service.create(EntryIn(kind="question", title="Where does SAQ keep jobs?"))


async def test_researcher_reports_each_stage(board: Board) -> None:
    question = await _question(board)
    soul = load_souls()["researcher"]
    stages: list[str] = []
    model = ScriptedModel(strict=False)
    drafts = [Draft(summary="In saq_jobs.", claims=[])] * (1 + soul.rounds.refinement)
    model.script("structured", *drafts)

    async def collect(stage: str) -> None:
        stages.append(stage)

    context = Context(
        board=board,
        soul=soul,
        model=model,
        task=Task(agent="researcher", entry_id=question.id),
        progress=collect,
    )
    await ResearcherSource(soul).contribute(context, question)
    searches, revisions = soul.rounds.research, soul.rounds.refinement
    assert stages == [
        *(f"searching the board (round {n} of {searches})" for n in range(1, searches + 1)),
        "drafting",
        *(f"revising (round {n} of {revisions})" for n in range(1, revisions + 1)),
        "verifying citations",
    ]


async def test_the_stage_is_kept_on_the_active_task_only(board: Board) -> None:
    question = await _question(board)
    async with board.sessions() as session:
        active = Task(agent="researcher", entry_id=question.id, status=TaskStatus.ACTIVE)
        cancelled = Task(agent="researcher", entry_id=question.id, status=TaskStatus.CANCELLED)
        session.add_all([active, cancelled])
        await session.commit()
        ids = active.id, cancelled.id
    for task_id in ids:
        await record_progress(board, task_id, "drafting")
    async with board.sessions() as session:
        stored = [await session.get(Task, task_id) for task_id in ids]
    assert [t.result if t else None for t in stored] == [{"progress": "drafting"}, {}]
