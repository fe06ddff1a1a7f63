"""An outbox worker in its own process that dies right after pushing, for the kill -9 test.

Run as ``python -m tests.publish_process MARKER SECRET_HEX`` with ``DATABASE_URL`` and
``GA_GITEA_URL``/``_TOKEN``/``_ALLOW`` set. It runs the board's open outbox actions; its git
push works, then it writes MARKER and hangs, so the test kills it after the push and before
the pull request.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from blackboard.connectors.gitea import git_ops
from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.runtime import Board
from blackboard.settings import BoardSettings
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.rights import Principals
from tests.publish_support import coder_soul


def _push_then_hang(marker: Path) -> Any:
    push = git_ops._push

    def pushed(*args: Any) -> None:
        push(*args)
        marker.write_text("pushed")
        time.sleep(3600)

    return pushed


async def main(marker: Path, secret: bytes) -> None:
    git_ops._push = _push_then_hang(marker)
    board = Board.open(BoardSettings(embedder="hashing"))
    settings = GiteaSettings()
    async with GiteaClient(settings) as client:
        executor = OutboxExecutor(
            board,
            {"gitea": GiteaChannel(GiteaAPI(client), settings, secret)},
            Principals({"coder": coder_soul("coder", "open_problem")}),
        )
        await executor.run_pending()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), bytes.fromhex(sys.argv[2])))
