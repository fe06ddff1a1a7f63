"""A researcher worker in its own process, for the kill -9 test.

Run as ``python -m tests.worker_process MARKER``.

Its model blocks forever on the first ``structured`` call when MARKER does not exist yet (and
creates MARKER), so the test can kill the process mid-task; a second process finds MARKER and
answers at once with a draft quoting QUOTE from the first source.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from blackboard.runtime import Board
from blackboard.settings import BoardSettings
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.models.base import Request
from knowledge_sources.models.constraints import SchemaConstraint
from knowledge_sources.models.messages import Message
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.souls import load_souls

QUOTE = "The outbox keeps one row per idempotency key"
FAST = ControlSettings(heartbeat_s=2, sweep_s=1, retry_delay_s=0.0)


class StallsOnce(ScriptedModel):
    """Hangs in its first structured call of the whole test (the marker file says which)."""

    def __init__(self, marker: Path) -> None:
        super().__init__(strict=False)
        self.marker = marker

    async def _complete(self, messages: list[Message], request: Request) -> str:
        if isinstance(request.constraint, SchemaConstraint) and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            await asyncio.sleep(3600)
        return await super()._complete(messages, request)


async def main(marker: Path) -> None:
    board = Board.open(BoardSettings(embedder="hashing"))
    model = StallsOnce(marker)
    draft = Draft(
        summary="Writes are deduplicated.",
        claims=[Claim(text="One row per key.", source=1, quote=QUOTE)],
    )
    model.script("structured", *([draft] * 6))
    team = Team(
        board,
        {"researcher": load_souls()["researcher"]},
        model_for=lambda _: model,
        settings=FAST,
        run_control=False,
    )
    await team.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await team.stop()
    await board.close(stop_database=False)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
