"""What stopping the team says: which tasks it interrupts (they are retried on the next start),
and SAQ's shutdown warnings said once instead of once per worker (one worker per agent, plus
the outbox's)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy import select

from blackboard.models import Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board

logger = logging.getLogger(__name__)


class SaidOnce(logging.Filter):
    """Lets each distinct message through once (SAQ repeats its shutdown warning per worker)."""

    def __init__(self) -> None:
        super().__init__()
        self._said: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self._said:
            return False
        self._said.add(message)
        return True


async def say_what_stopping_interrupts(board: Board) -> None:
    """Log the active tasks that stopping the team interrupts, or that none runs."""
    async with board.sessions() as session:
        active = (
            await session.scalars(
                select(Task).where(Task.status == TaskStatus.ACTIVE).order_by(Task.id)
            )
        ).all()
    if not active:
        logger.info("stopping the team: no task is running")
        return
    names = ", ".join(f"task {t.id} ({t.agent}, entry {t.entry_id})" for t in active)
    logger.warning(
        "stopping the team: interrupting %s; %s put back to be retried on the next 'up'",
        names,
        "it is" if len(active) == 1 else "they are",
    )


@contextlib.asynccontextmanager
async def saq_says_once(_board: Board) -> AsyncIterator[None]:
    """A service of ``up`` entered after the others, so it exits first: from then on (the
    process is stopping) each of SAQ's shutdown warnings is logged once, not once per worker."""
    yield
    logging.getLogger("saq").addFilter(SaidOnce())
