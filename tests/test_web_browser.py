"""The web view in headless Chromium: sign in, post a question, watch it arrive live, and
follow the research note's citations once the researcher (scripted model) has answered.

Needs /usr/bin/chromium (deploy/install-test-tools.sh installs it); fails, never skips,
without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import uvicorn
from playwright.async_api import Browser, Page, async_playwright, expect

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.agents import Team
from controllers.api.app import create_app
from controllers.control.settings import ControlSettings
from controllers.settings import AppSettings
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from tests.team_helpers import wait_for

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "browser-test-token"
QUESTION = "How does Gitea sign webhook deliveries?"
SCREENSHOTS = Path("/tmp/ga-web-screenshots")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def _researcher(board: Board) -> AsyncIterator[None]:
    """The researcher with a model that is never reachable: it writes extractive notes."""
    team = Team(
        board,
        {"researcher": load_souls()["researcher"]},
        model_for=lambda _: ScriptedModel(strict=True),
        settings=ControlSettings(sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    try:
        yield
    finally:
        await team.stop()


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def server(board: Board) -> AsyncIterator[str]:
    async with board.sessions() as session:
        await EntryService(session, await board.embedder()).create(
            EntryIn(
                kind="document",
                title="webhooks.md",
                body="# Webhooks\n\nGitea signs each webhook delivery with an HMAC-SHA256 of "
                "the raw request body, keyed with the webhook secret.\n",
                source_uri="file:///docs/webhooks.md",
            )
        )
    port = _free_port()
    app = create_app(
        AppSettings(board=board.settings), board=board, token=TOKEN, services=[_researcher]
    )
    uv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(uv.serve())

    async def started() -> bool:
        return bool(uv.started)

    await wait_for(started, limit_s=30, what="the web server")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        await task


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not await asyncio.to_thread(CHROMIUM.exists):
        pytest.fail(f"{CHROMIUM} is missing: run deploy/install-test-tools.sh")
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def _sign_in(page: Page, base: str) -> None:
    await page.goto(f"{base}/ui")
    await expect(page).to_have_url(f"{base}/ui/login")
    await page.fill("input[name=token]", TOKEN)
    await page.click("button[type=submit]")
    await expect(page).to_have_url(f"{base}/ui")


async def test_post_question_live_board_and_cited_note(server: str, browser: Browser) -> None:
    page = await browser.new_page()
    errors: list[Any] = []
    page.on("pageerror", lambda exc: errors.append(exc))
    blocked: list[str] = []  # what the Content-Security-Policy refused
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security" in msg.text else None
    )
    await _sign_in(page, server)
    await expect(page.locator("#entries-table")).to_contain_text("webhooks.md")
    await page.evaluate("window.__notReloaded = true")
    await page.wait_for_timeout(300)  # let the event stream connect

    await page.fill("#post-form input[name=title]", QUESTION)
    await page.click("#post-form button[type=submit]")
    await expect(page.locator("#post-status")).to_contain_text("Posted")
    await expect(page.locator("#post-form input[name=title]")).to_have_value("")  # form reset
    table = page.locator("#entries-table")
    question_link = table.get_by_role("link", name=QUESTION, exact=True)
    await expect(question_link).to_have_count(1, timeout=15_000)  # arrived through live update
    assert await page.evaluate("window.__notReloaded === true"), "the board page reloaded"
    # the research note arrives live too, and the question gets its agent
    note_link = table.get_by_role("link", name=f"Research: {QUESTION}", exact=True)
    await expect(note_link).to_have_count(1, timeout=60_000)
    assert await page.evaluate("window.__notReloaded === true")
    await asyncio.to_thread(SCREENSHOTS.mkdir, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "board.png"), full_page=True)

    # a search shows the passages that matched, each linking to its place in the entry
    await page.fill("#filters input[name=q]", "HMAC-SHA256 webhook secret")
    passage = table.locator("a.passage", has_text="HMAC-SHA256")
    await expect(passage.first).to_be_visible(timeout=15_000)
    assert "#chunk-" in (await passage.first.get_attribute("href") or "")
    await page.fill("#filters input[name=q]", "")
    await expect(question_link).to_have_count(1, timeout=15_000)

    await question_link.click()
    await expect(page.locator("#entry-title")).to_have_text(QUESTION)
    answer = page.locator("a.link-in", has_text=f"Research: {QUESTION}")
    await expect(answer).to_have_count(1, timeout=15_000)
    await answer.click()
    await expect(page.locator("#entry-title")).to_have_text(f"Research: {QUESTION}")
    await expect(page.locator(".body")).to_contain_text("extractive")
    citations = page.locator("a.citation")
    await expect(citations.first).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "note.png"), full_page=True)
    href = await citations.first.get_attribute("href")
    assert href is not None and "#chunk-" in href
    await citations.first.click()
    await expect(page.locator("#entry-title")).to_have_text("webhooks.md")
    chunk = page.locator(f"#{href.split('#', 1)[1]}")
    await expect(chunk).to_contain_text("HMAC-SHA256")  # the cited passage is on that page
    assert errors == []
    assert blocked == []
    await page.close()
