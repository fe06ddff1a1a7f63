"""``post --kind goal --wait`` (the real CLI, in a subprocess) against the API on a loopback
port: the person who posted the goal sees the plan's tasks change and, when every step is
done, the note that answers the goal."""

from __future__ import annotations

import asyncio
import re

import uvicorn

from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.api.team import TeamRoster
from controllers.settings import AppSettings
from tests.cli_runner import cli_env, free_port, run_cli
from tests.planner_helpers import entry, planning_model, running, team_souls
from tests.team_helpers import wait_for
from tests.triager_helpers import rows

TOKEN = "planner-cli-token"


async def test_post_goal_wait_follows_the_plan_to_the_done_note(board: Board) -> None:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(
                AppSettings(board=board.settings),
                board=board,
                token=TOKEN,
                team=TeamRoster(running=True),
            ),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        async with running(board, team_souls(), planning_model()):

            async def started() -> bool:
                return bool(server.started)

            await wait_for(started, limit_s=30, what="the API to listen")
            env = cli_env(GA_API_URL=f"http://127.0.0.1:{port}", GA_API_TOKEN=TOKEN)
            posted = await asyncio.to_thread(
                run_cli,
                "post",
                "--kind",
                "goal",
                "Make note search fast",
                "--wait",
                "--timeout",
                "120",
                env=env,
            )
    finally:
        server.should_exit = True
        await serving
    assert posted.returncode == 0, posted.stderr
    goal_id = int(re.findall(r"goal (\d+) posted", posted.stderr)[0])
    lines = posted.stderr.splitlines()
    assert any(re.fullmatch(r"step 1 \(coder\): task \d+ done \(coder\)", x) for x in lines)
    assert any(
        re.fullmatch(r"step 2 \(doc-writer\): task \d+ done \(doc-writer\)", x) for x in lines
    )
    assert f'goal {goal_id} done: "Goal done: Make note search fast"' in lines
    assert posted.stdout.startswith('The goal "Make note search fast" is done')
    assert (await entry(board, goal_id)).status == "done"
    assert await rows(board, Entry, Entry.tags.contains(["plan-done"]))


def test_wait_is_for_goals() -> None:
    asked = run_cli("post", "--kind", "question", "Why?", "--wait", env=cli_env())
    assert asked.returncode == 2 and "--wait follows goals" in asked.stderr
