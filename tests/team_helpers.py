"""Helpers for control tests: small souls, a running team, and waiting for the board."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from blackboard.runtime import Board
from knowledge_sources.souls import Soul, Trigger

RESUME = "Experienced specialist. Works carefully and writes short, useful contributions."


def soul(
    name: str,
    kinds: Sequence[str],
    skills: Sequence[str] = ("general work",),
    actions: Sequence[str] = (),
) -> Soul:
    """A minimal valid soul whose trigger admits ``kinds``."""
    return Soul.model_validate(
        {
            "name": name,
            "role": name.title(),
            "summary": f"The {name}.",
            "personality": "Calm.",
            "skills": list(skills),
            "triggers": [Trigger.model_validate({"kinds": list(kinds)})],
            "actions": list(actions),
            "resume": RESUME,
        }
    )


async def wait_for(
    predicate: Callable[[], Awaitable[bool]], limit_s: float = 30.0, what: str = "condition"
) -> None:
    """Poll ``predicate`` until true or fail after ``limit_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while loop.time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def scalar(board: Board, sql: str, **params: object) -> object:
    """One value from a SQL query on the board."""
    from sqlalchemy import text

    async with board.sessions() as session:
        return (await session.execute(text(sql), params)).scalar()
