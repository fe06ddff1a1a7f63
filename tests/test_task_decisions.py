"""An agent that adds nothing says what it decided and why (on its task, on the entry's web page,
in ``ask --wait``'s line for it); a model answer that cannot be used says which failure it was:
no server reachable (its address, credentials stripped) or malformed output (the model's name).
Real board and team; the scripted model, and a real OpenAI-compatible client aimed at a loopback
port where nothing listens."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.api.app import create_app
from controllers.api.team import TeamRoster
from controllers.cli.commands.ask import _describe
from controllers.control.settings import ControlSettings
from controllers.settings import AppSettings
from knowledge_sources.generalist import NOTHING
from knowledge_sources.models.openai_compat import OpenAICompatProvider
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul, load_souls
from tests.api_client import TOKEN, api
from tests.cli_runner import cli_env, free_port, run_cli
from tests.loopback_server import refused_url
from tests.team_helpers import soul, wait_for

WHY = "The deployment is already documented in deploy/deploy.md; nothing is missing."


async def _work(
    board: Board,
    souls: dict[str, Soul],
    model: ModelProvider,
    entry: dict[str, Any],
    until: Callable[[Task], bool],
) -> tuple[dict[str, Any], Task]:
    """Post ``entry`` with the team running until its task satisfies ``until``."""
    team = Team(board, souls, model_for=lambda _: model, settings=ControlSettings(sweep_s=1))
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            posted: dict[str, Any] = (await client.post("/entries", json=entry)).json()

        async def reached() -> bool:
            task = await _task_of(board, posted["id"])
            return task is not None and until(task)

        await wait_for(reached, limit_s=60, what=f"the task on entry {posted['id']}")
    finally:
        await team.stop()
    task = await _task_of(board, posted["id"])
    assert task is not None
    return posted, task


async def _task_of(board: Board, entry_id: int) -> Task | None:
    async with board.sessions() as session:
        task: Task | None = await session.scalar(select(Task).where(Task.entry_id == entry_id))
        return task


def _done(task: Task) -> bool:
    return task.status == "done"


async def test_nothing_to_add_is_told_on_the_task_the_page_and_the_watch(board: Board) -> None:
    model = ScriptedModel("planner-model", strict=True)
    model.script("choose", NOTHING).script("generate", f"  {WHY}\n")
    planner = soul("decider", ["goal"], ["planning work"])
    goal, task = await _work(
        board,
        {"decider": planner},
        model,
        {"kind": "goal", "title": "Document the deployment"},
        _done,
    )

    assert task.result["decision"] == NOTHING and task.result["why"] == WHY
    assert task.result["entries"] == task.result["tasks"] == []
    assert "Say why in one sentence" in model.calls_to("generate")[0].prompt

    async with api(board) as client:
        (listed,) = (await client.get("/tasks", params={"entry": goal["id"]})).json()
        assert _describe(listed) == f"task {task.id} done (decider): decided {NOTHING}: {WHY}"
        login = (await client.get("/ui/login")).text
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', login)
        assert csrf is not None
        signed = await client.post("/ui/login", data={"token": TOKEN, "_csrf_token": csrf[1]})
        assert signed.status_code == 200, signed.text
        page = await client.get(f"/ui/entries/{goal['id']}/related")
    assert page.status_code == 200, page.text
    shown = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert f"decided {NOTHING}: {WHY}" in shown.replace("&#39;", "'")


async def test_a_source_that_returns_nothing_is_recorded_as_such(board: Board) -> None:
    class Silent:
        def __init__(self, soul: Soul) -> None:
            self.soul = soul

        async def contribute(self, context: object, entry: object) -> list[Any]:
            return []

    quiet = soul("quiet", ["open_problem"])
    team = Team(
        board,
        {"quiet": quiet},
        model_for=lambda _: ScriptedModel(),
        settings=ControlSettings(sweep_s=1),
        overrides={"quiet": Silent},
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            entry = (
                await client.post("/entries", json={"kind": "open_problem", "title": "Flaky CI"})
            ).json()
        await wait_for(_done_on(board, entry["id"]), limit_s=60, what="the quiet task")
    finally:
        await team.stop()
    task = await _task_of(board, entry["id"])
    assert task is not None
    assert task.result["decision"] == "nothing"
    assert task.result["why"] == "quiet finished without giving a reason"


def _done_on(board: Board, entry_id: int) -> Callable[[], Awaitable[bool]]:
    async def done() -> bool:
        task = await _task_of(board, entry_id)
        return task is not None and task.status == "done"

    return done


async def test_unreachable_server_is_named_without_its_credentials(board: Board) -> None:
    refused = refused_url()
    port = refused.rsplit(":", 1)[1]
    secret_url = refused.replace("http://", "http://bot:s3cret-pw@") + "/v1"
    model = OpenAICompatProvider("qwen-test", base_url=secret_url, timeout_s=5)
    researcher = load_souls()["researcher"]
    try:
        _, task = await _work(
            board,
            {"researcher": researcher},
            model,
            {"kind": "question", "title": "Which table holds SAQ jobs?"},
            _done,
        )
        async with board.sessions() as session:
            note = await session.get(Entry, task.result["entries"][0])
        assert note is not None and note.meta["extractive"] is True
        why = note.meta["model_failure"]
        assert why.startswith("no model server reachable for openai:qwen-test: model server ")
        assert f"http://***@127.0.0.1:{port}/v1/chat/completions is unreachable" in why
        assert f"No usable answer came from the generation model ({why})" in note.body
        assert "s3cret" not in note.body + why and "bot:" not in note.body

        # a generalist on the same server: its task says which server, and that it will retry
        planner = soul("retrier", ["goal"], ["planning work"])
        _, waiting = await _work(
            board,
            {"retrier": planner},
            model,
            {"kind": "goal", "title": "Plan 2.0"},
            lambda t: t.error is not None,
        )
        error = waiting.error or ""
        assert error.startswith("no model server reachable for openai:qwen-test"), error
        assert f"127.0.0.1:{port}" in error and error.endswith("(will retry)")
        assert "s3cret" not in error
    finally:
        await model.aclose()


async def test_malformed_output_is_named_with_the_model(board: Board) -> None:
    model = ScriptedModel("tiny-model", strict=False)
    model.script("structured", "{not json")
    _, task = await _work(
        board,
        {"researcher": load_souls()["researcher"]},
        model,
        {"kind": "question", "title": "How are webhooks signed?"},
        _done,
    )
    async with board.sessions() as session:
        note = await session.get(Entry, task.result["entries"][0])
    assert note is not None
    assert note.meta["model_failure"].startswith(
        "the output of model scripted:tiny-model was malformed: "
    )
    assert "the output of model scripted:tiny-model was malformed" in note.body

    # a generalist whose choice is not one of its options: the task fails and says so
    chooser = ScriptedModel("tiny-model", strict=True).script("choose", "maybe later")
    _, failed = await _work(
        board,
        {"chooser": soul("chooser", ["goal"], ["planning work"])},
        chooser,
        {"kind": "goal", "title": "Tidy the wiki"},
        lambda t: t.status == "failed",
    )
    assert (failed.error or "").startswith(
        "the output of model scripted:tiny-model was malformed: model answered 'maybe later'"
    ), failed.error


async def test_ask_wait_says_what_was_decided_when_no_note_comes(board: Board) -> None:
    """``ask --wait`` (the real CLI, in a subprocess) against the API on a loopback port: the
    only agent on questions adds nothing; the command says what it decided and why, at once."""
    model = ScriptedModel("m", strict=True).script("choose", NOTHING).script("generate", WHY)
    team = Team(
        board,
        {"pondering": soul("pondering", ["question"])},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
    )
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
    await team.start()
    try:

        async def started() -> bool:
            return bool(server.started)

        await wait_for(started, limit_s=30, what="the API to listen")
        env = cli_env(GA_API_URL=f"http://127.0.0.1:{port}", GA_API_TOKEN=TOKEN)
        asked = await asyncio.to_thread(
            run_cli, "ask", "Where is the deployment guide?", "--wait", "--timeout", "120", env=env
        )
    finally:
        await team.stop()
        server.should_exit = True
        await serving
    assert asked.returncode == 1, asked.stderr
    (task_id,) = {int(n) for n in re.findall(r"task (\d+) ", asked.stderr)}
    question_id = int(re.findall(r"question (\d+) posted", asked.stderr)[0])
    decided = f"decided {NOTHING}: {WHY}"
    assert f"task {task_id} done (pondering): {decided}" in asked.stderr.splitlines()
    assert (
        f"no research note for question {question_id}: every task finished without one "
        f"(task {task_id} (pondering) {decided})"
    ) in " ".join(re.sub("[│╭╮╰╯─]", " ", asked.stderr).split())
