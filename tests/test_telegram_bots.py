"""Telegram bots against a local Bot API emulator (telegram-test-api), not mocks of PTB.

A person's group message reaches the board as a question, the researcher answers, and the
answer comes back through the researcher's own bot; a chat off the allowlist is ignored;
a bare ``/status`` is answered by one bot; a bot whose soul has no ``telegram`` right says
nothing; a send that keeps failing ends ``failed`` with its reason, shown in the web view;
webhook mode refuses a wrong secret token and accepts Telegram's deliveries with the right one.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import re
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models import Action, Entry, Task
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.actions import ActionService
from blackboard.services.entries import EntryService
from controllers.agents import Team
from controllers.api.app import create_app
from controllers.control.settings import ControlSettings
from controllers.outbox.jobs import OutboxPolicy
from controllers.outbox.kinds import enqueue
from controllers.outbox.service import outbox_service
from controllers.outbox.telegram_message import TELEGRAM_MESSAGE
from controllers.settings import AppSettings
from controllers.telegram.service import TelegramService
from controllers.telegram.settings import TelegramSettings
from knowledge_sources.generalist import NOTHING
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul, load_souls
from tests.team_helpers import wait_for
from tests.telegram_emulator import Emulator

RESEARCHER_TOKEN = "111111:researcher-test-token-aaaaaaaaaaaa"
PLANNER_TOKEN = "222222:planner-test-token-bbbbbbbbbbbbbb"
CODER_TOKEN = "333333:coder-test-token-cccccccccccccccccc"
CHAT = -100500
OTHER_CHAT = -100999
SECRET = "webhook-secret-123"
FAST_OUTBOX = OutboxPolicy(retry_delay_s=0.1, sweep_s=1.0)
WEB_TOKEN = "web-token-for-the-outbox-page"
PLANNER_MODEL = ScriptedModel("planner-model", strict=True)
"""The planner's model in the polling team; a test scripts it before addressing the planner."""


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    running = Emulator.start(
        {RESEARCHER_TOKEN: "researcher_bot", PLANNER_TOKEN: "planner_bot", CODER_TOKEN: "coder_bot"}
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def souls() -> Iterator[dict[str, Soul]]:
    shipped = load_souls()
    env = {
        "GA_TEST_TG_RESEARCHER": RESEARCHER_TOKEN,
        "GA_TEST_TG_PLANNER": PLANNER_TOKEN,
        "GA_TEST_TG_CODER": CODER_TOKEN,
    }
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        yield {
            "researcher": shipped["researcher"].model_copy(
                update={"telegram_token_env": "GA_TEST_TG_RESEARCHER"}
            ),
            "planner": shipped["planner"].model_copy(
                update={"telegram_token_env": "GA_TEST_TG_PLANNER"}
            ),
            # a bot whose soul has no telegram right (and sorts first by name)
            "coder": shipped["coder"].model_copy(update={"telegram_token_env": "GA_TEST_TG_CODER"}),
        }


def _settings(emulator: Emulator, **changes: Any) -> TelegramSettings:
    values: dict[str, Any] = {
        "allowed_chats": frozenset({CHAT}),
        "base_url": emulator.base_url,
        "poll_interval_s": 0.05,
        "poll_timeout_s": 0,
        "wiki_wait_s": 5.0,
        "web_url": "http://board.example",
    }
    return TelegramSettings(**(values | changes))


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def polling(
    board: Board, emulator: Emulator, souls: dict[str, Soul]
) -> AsyncIterator[TelegramService]:
    """Team (scripted model: extractive notes) + the bots in polling mode."""
    async with board.sessions() as session:
        await EntryService(session, await board.embedder()).create(
            EntryIn(
                kind="document",
                title="webhooks.md",
                body="# Webhooks\n\nGitea signs each delivery with an HMAC-SHA256 of the body, "
                "keyed with the webhook secret.\n",
                source_uri="file:///docs/webhooks.md",
            )
        )
    team = Team(
        board,
        {name: souls[name] for name in ("researcher", "planner")},
        model_for=lambda s: PLANNER_MODEL if s.name == "planner" else ScriptedModel(strict=True),
        settings=ControlSettings(sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    service = TelegramService(board, souls, _settings(emulator))
    await service.start()
    outbox = outbox_service(board, GiteaSettings(token=None, allow=[]), service, souls, FAST_OUTBOX)
    await outbox.__aenter__()
    try:
        yield service
    finally:
        await outbox.__aexit__(None, None, None)
        await service.stop()
        await team.stop()


async def _entry_for(board: Board, chat: int) -> Entry | None:
    async with board.sessions() as session:
        found: Entry | None = await session.scalar(
            select(Entry).where(Entry.source_uri.like(f"telegram://chat/{chat}/%"))
        )
        return found


async def _bot_messages(emulator: Emulator, token: str, chat: int) -> list[dict[str, Any]]:
    return await asyncio.to_thread(emulator.bot_messages, token, chat)


async def test_group_question_reaches_board_and_right_bot_answers(
    board: Board, emulator: Emulator, polling: TelegramService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="httpx")
    text = "@researcher_bot how does Gitea sign webhook deliveries?"
    emulator.group_message(
        RESEARCHER_TOKEN, CHAT, text, entities=[{"type": "mention", "offset": 0, "length": 15}]
    )

    async def stored() -> bool:
        return await _entry_for(board, CHAT) is not None

    await wait_for(stored, limit_s=20, what="the question on the board")
    question = await _entry_for(board, CHAT)
    assert question is not None
    assert question.kind == "question"
    assert question.title == "how does Gitea sign webhook deliveries?"
    assert question.author == "telegram:alice"
    assert question.meta["telegram"]["chat_id"] == CHAT
    assert question.meta["telegram"]["bot"] == "researcher"
    assert question.meta["addressed_to"] == "researcher"
    async with board.sessions() as session:
        tasks = list(
            (await session.scalars(select(Task).where(Task.entry_id == question.id))).all()
        )
    assert [t.agent for t in tasks] == ["researcher"]  # addressed task and trigger: one task

    replies: list[dict[str, Any]] = []

    async def answered() -> bool:
        replies.extend(await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT))
        return bool(replies)

    await wait_for(answered, limit_s=60, what="the researcher bot's answer")
    assert len(replies) == 1
    reply = replies[0]
    assert reply["text"].startswith("Research: how does Gitea sign webhook deliveries?")
    assert "Board: http://board.example/entries/" in reply["text"]
    reply_to = reply["reply_parameters"]
    if isinstance(reply_to, str):  # PTB sends nested objects as JSON text in a form field
        reply_to = json.loads(reply_to)
    assert reply_to["message_id"] == question.meta["telegram"]["message_id"]
    assert await _bot_messages(emulator, PLANNER_TOKEN, CHAT) == []  # not the other bot
    async with board.sessions() as session:
        sent = await session.scalar(select(Action).where(Action.kind == "telegram.message"))
    assert sent is not None
    assert (sent.status, sent.agent, sent.target) == ("done", "researcher", str(CHAT))
    assert polling.watcher is not None and polling.watcher.sent == 1
    # httpx logged the Bot API calls, with the token redacted
    assert "/bot<redacted>/" in caplog.text
    assert RESEARCHER_TOKEN not in caplog.text and PLANNER_TOKEN not in caplog.text


async def test_chat_off_the_allowlist_is_ignored(
    board: Board, emulator: Emulator, polling: TelegramService, caplog: pytest.LogCaptureFixture
) -> None:
    bot = polling.bots["researcher"]
    before = bot.ignored
    emulator.group_message(RESEARCHER_TOKEN, OTHER_CHAT, "/ask@researcher_bot what is SAQ?")

    async def seen() -> bool:
        return bot.ignored > before

    await wait_for(seen, limit_s=20, what="the bot to see the message")
    assert await _entry_for(board, OTHER_CHAT) is None
    assert "not in GA_TELEGRAM_ALLOWED_CHATS" in caplog.text
    await asyncio.sleep(0.5)
    assert await _bot_messages(emulator, RESEARCHER_TOKEN, OTHER_CHAT) == []


async def test_status_command_answered_by_the_named_bot(
    emulator: Emulator, polling: TelegramService
) -> None:
    emulator.group_message(PLANNER_TOKEN, CHAT, "/status@planner_bot")
    replies: list[dict[str, Any]] = []

    async def answered() -> bool:
        replies.extend(await _bot_messages(emulator, PLANNER_TOKEN, CHAT))
        return bool(replies)

    await wait_for(answered, limit_s=20, what="the planner bot's status")
    assert replies[0]["text"].startswith("planner (")
    assert await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT) == []


async def test_a_message_with_a_nul_byte_is_refused_with_the_reason(
    board: Board, emulator: Emulator, polling: TelegramService
) -> None:
    """Issue 16, hole 3: PostgreSQL cannot store NUL; the sender is told, nothing is stored."""

    async def stored_in_chat() -> int:
        async with board.sessions() as session:
            found = await session.scalars(
                select(Entry.id).where(Entry.source_uri.like(f"telegram://chat/{CHAT}/%"))
            )
            return len(found.all())

    before = await stored_in_chat()
    emulator.group_message(RESEARCHER_TOKEN, CHAT, "/ask@researcher_bot what is \x00 this?")
    refusals: list[dict[str, Any]] = []

    async def told() -> bool:
        sent = await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT)
        refusals[:] = [m for m in sent if m["text"].startswith("Not stored")]
        return bool(refusals)

    await wait_for(told, limit_s=20, what="the researcher bot's refusal")
    assert "NUL byte" in refusals[0]["text"]
    assert await stored_in_chat() == before
    assert await _bot_messages(emulator, PLANNER_TOKEN, CHAT) == []


async def test_a_send_that_fails_on_the_network_is_retried_then_delivered(
    board: Board, emulator: Emulator, polling: TelegramService
) -> None:
    emulator.fail_send_message(RESEARCHER_TOKEN, 2)  # 502 twice: PTB's NetworkError
    action, _ = await enqueue(
        board,
        key="telegram:retry-test",
        kind=TELEGRAM_MESSAGE,
        target=str(CHAT),
        agent="researcher",
        payload={"chat_id": CHAT, "text": "Third time lucky"},
    )

    async def settled() -> bool:
        async with board.sessions() as session:
            row = await session.get(Action, action.id)
        return row is not None and row.status in (ActionStatus.DONE, ActionStatus.FAILED)

    await wait_for(settled, limit_s=30, what="the retried message")
    async with board.sessions() as session:
        done = await session.get(Action, action.id)
        trail = [r.event for r in await ActionService(session).audit_trail(action.id)]
    assert done is not None and done.status == ActionStatus.DONE, done and done.error
    assert done.attempts == 3 and done.response["message_id"]
    assert trail == ["created", *["in_progress", "pending"] * 2, "in_progress", "done"]
    sent = await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT)
    assert [m["text"] for m in sent] == ["Third time lucky"]  # once, after two failures


async def test_a_bare_status_is_answered_by_one_bot_for_the_team(
    emulator: Emulator, polling: TelegramService
) -> None:
    for token in (CODER_TOKEN, PLANNER_TOKEN, RESEARCHER_TOKEN):  # every bot in the group sees it
        emulator.group_message(token, CHAT, "/status")
    replies: list[dict[str, Any]] = []

    async def answered() -> bool:
        replies.extend(await _bot_messages(emulator, PLANNER_TOKEN, CHAT))
        return bool(replies)

    await wait_for(answered, limit_s=20, what="the one answer to a bare /status")
    lines = replies[0]["text"].splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["coder", "planner", "researcher"]
    await asyncio.sleep(1.5)  # the others had time to answer, and did not
    assert await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT) == []
    assert await _bot_messages(emulator, CODER_TOKEN, CHAT) == []
    assert await _bot_messages(emulator, PLANNER_TOKEN, CHAT) == []  # once


async def test_a_bot_whose_soul_may_not_speak_stays_silent(
    board: Board, emulator: Emulator, polling: TelegramService
) -> None:
    emulator.group_message(CODER_TOKEN, CHAT, "/status@coder_bot")

    async def refused() -> Action | None:
        async with board.sessions() as session:
            found: Action | None = await session.scalar(
                select(Action).where(
                    Action.kind == TELEGRAM_MESSAGE,
                    Action.agent == "coder",
                    Action.status == ActionStatus.REFUSED,
                )
            )
            return found

    async def seen() -> bool:
        return await refused() is not None

    await wait_for(seen, limit_s=20, what="the coder's reply refused by the outbox")
    action = await refused()
    assert action is not None
    assert "coder may not take action 'telegram.message'" in (action.error or "")
    assert await _bot_messages(emulator, CODER_TOKEN, CHAT) == []


async def test_a_send_that_keeps_failing_ends_failed_and_the_web_view_says_why(
    board: Board, emulator: Emulator, polling: TelegramService
) -> None:
    emulator.fail_send_message(RESEARCHER_TOKEN, FAST_OUTBOX.max_attempts)
    action, _ = await enqueue(
        board,
        key="telegram:hopeless",
        kind=TELEGRAM_MESSAGE,
        target=str(CHAT),
        agent="researcher",
        payload={"chat_id": CHAT, "text": "Never arrives"},
    )

    async def settled() -> bool:
        async with board.sessions() as session:
            row = await session.get(Action, action.id)
        return row is not None and row.status in (ActionStatus.DONE, ActionStatus.FAILED)

    await wait_for(settled, limit_s=60, what="the message to fail for good")
    async with board.sessions() as session:
        failed = await session.get(Action, action.id)
    assert failed is not None and failed.status == ActionStatus.FAILED
    assert failed.attempts == FAST_OUTBOX.max_attempts and failed.error
    assert await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT) == []

    app = create_app(AppSettings(board=board.settings), board=board, token=WEB_TOKEN)
    async with AsyncTestClient(app=app) as client:
        login = (await client.get("/ui/login")).text
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', login)
        assert csrf is not None
        await client.post("/ui/login", data={"token": WEB_TOKEN, "_csrf_token": csrf.group(1)})
        page = await client.get("/ui/outbox", params={"status": "failed"})
    assert page.status_code == 200, page.text
    row = re.search(rf'<tr id="action-{action.id}">(.*?)</tr>', page.text, re.S)
    assert row is not None, "the failed action is not on the outbox page"
    assert "failed" in row.group(1) and "telegram.message" in row.group(1)
    assert html.escape(failed.error or "") in row.group(1)


async def test_an_asked_agent_that_adds_nothing_says_what_it_decided_and_why(
    board: Board, emulator: Emulator, polling: TelegramService
) -> None:
    why = "The deployment guide already covers every step."
    PLANNER_MODEL.script("choose", NOTHING).script("generate", why)
    emulator.group_message(PLANNER_TOKEN, CHAT, "/goal@planner_bot Document the deployment")
    replies: list[dict[str, Any]] = []

    async def told() -> bool:
        replies.extend(await _bot_messages(emulator, PLANNER_TOKEN, CHAT))
        return bool(replies)

    await wait_for(told, limit_s=60, what="the planner's decision in the chat")
    lines = replies[0]["text"].splitlines()
    assert lines[0] == f'planner decided {NOTHING} on "Document the deployment".'
    assert lines[1] == f"Why: {why}"
    assert lines[2].startswith("Board: http://board.example/entries/")
    assert PLANNER_MODEL.pending() == 0
    await asyncio.sleep(1.0)  # told once, by the asked agent's bot only
    assert await _bot_messages(emulator, PLANNER_TOKEN, CHAT) == []
    assert await _bot_messages(emulator, RESEARCHER_TOKEN, CHAT) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def _serve(app: Any, port: int) -> AsyncIterator[None]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    try:
        await wait_for(lambda: _true(server.started), limit_s=20, what="the app to start")
        yield
    finally:
        server.should_exit = True
        await task


async def _true(value: bool) -> bool:
    return value


async def test_webhook_mode_checks_the_secret_token(
    board: Board, emulator: Emulator, souls: dict[str, Soul], polling: TelegramService
) -> None:
    await polling.stop()  # one mode at a time for these bots
    port = _free_port()
    settings = _settings(
        emulator,
        mode="webhook",
        webhook_url=f"http://127.0.0.1:{port}",
        webhook_secret=SECRET,
        allowed_chats=frozenset({CHAT, -100777}),
    )
    service = TelegramService(board, {"researcher": souls["researcher"]}, settings)

    @contextlib.asynccontextmanager
    async def bots(_: Board) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = create_app(
        AppSettings(board=board.settings), board=board, token="test-token", services=[bots]
    )
    async with _serve(app, port):
        url = f"http://127.0.0.1:{port}/telegram/webhook/researcher"
        update = {
            "update_id": 9001,
            "message": {
                "message_id": 77,
                "date": 1700000000,
                "chat": {"id": -100777, "type": "group", "title": "Team"},
                "from": {"id": 5, "is_bot": False, "first_name": "mallory"},
                "text": "/ask@researcher_bot forged?",
                "entities": [{"type": "bot_command", "offset": 0, "length": 19}],
            },
        }
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            missing = await client.post(url, json=update)
        assert wrong.status_code == 403
        assert missing.status_code == 403
        async with httpx.AsyncClient() as client:  # issue 16, hole 5: not JSON -> 400
            for body in (b"\x00not json", b"[" * 100_000 + b"]" * 100_000, b"[1, 2]"):
                refused = await client.post(
                    url,
                    content=body,
                    headers={
                        "X-Telegram-Bot-Api-Secret-Token": SECRET,
                        "Content-Type": "application/json",
                    },
                )
                assert refused.status_code == 400, (body[:20], refused.text)
        await asyncio.sleep(0.3)
        assert await _entry_for(board, -100777) is None

        # the emulator delivers a real group message with the secret setWebhook gave it
        emulator.group_message(RESEARCHER_TOKEN, -100777, "/goal@researcher_bot ship the docs")

        async def stored() -> bool:
            return await _entry_for(board, -100777) is not None

        await wait_for(stored, limit_s=20, what="the webhook delivery on the board")
    goal = await _entry_for(board, -100777)
    assert goal is not None and goal.kind == "goal" and goal.title == "ship the docs"
    assert [d["status"] for d in emulator.webhook_deliveries()] == [200]
