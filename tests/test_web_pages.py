"""The web view over HTTP: sign-in, sessions, CSRF, the pages, safe markdown, task changes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.links import LinkIn
from blackboard.schemas.tasks import TaskIn
from blackboard.services.entries import EntryService
from blackboard.services.links import LinkService
from blackboard.services.tasks import TaskService
from controllers.api.app import create_app
from controllers.settings import AppSettings
from controllers.web.auth import check_credentials
from controllers.web.settings import WebViewSettings

TOKEN = "web-test-token"
Client = AsyncTestClient[Litestar]


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


@pytest_asyncio.fixture(loop_scope="session")
async def client(board: Board) -> AsyncIterator[Client]:
    async with AsyncTestClient(
        app=create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    ) as c:
        yield c


async def _sign_in(client: Client) -> str:
    csrf = _csrf((await client.get("/ui/login")).text)
    resp = await client.post(
        "/ui/login", data={"token": TOKEN, "_csrf_token": csrf}, follow_redirects=False
    )
    assert resp.status_code in (302, 303), resp.text
    return csrf


async def test_everything_but_health_and_sign_in_needs_a_session(client: Client) -> None:
    for path in ("/ui", "/ui/agents", "/ui/entries", "/ui/entries/1", "/ui/events"):
        resp = await client.get(path, follow_redirects=False)
        assert resp.status_code in (302, 303, 401), path
        if resp.status_code != 401:
            assert resp.headers["location"] == "/ui/login"
    assert (await client.get("/ui/login")).status_code == 200
    assert (await client.get("/health")).status_code == 200
    assert (await client.get("/", follow_redirects=False)).headers["location"] == "/ui"
    # the JSON API keeps its bearer token; a web session does not open it
    await _sign_in(client)
    assert (await client.get("/entries")).status_code == 401


async def test_sign_in_rejects_wrong_token_and_missing_csrf(client: Client) -> None:
    csrf = _csrf((await client.get("/ui/login")).text)
    wrong = await client.post("/ui/login", data={"token": "nope", "_csrf_token": csrf})
    assert wrong.status_code == 401
    assert "Wrong token" in wrong.text
    no_csrf = await client.post("/ui/login", data={"token": TOKEN}, follow_redirects=False)
    assert no_csrf.status_code == 403
    assert (await client.get("/ui", follow_redirects=False)).status_code in (302, 303)


def test_password_sign_in_needs_both_settings() -> None:
    def token() -> str:
        return TOKEN

    none = WebViewSettings(username=None, password=None)
    assert check_credentials({"username": "admin", "password": "admin"}, token, none) is None
    assert check_credentials({"username": "", "password": ""}, token, none) is None
    both = WebViewSettings(username="ops", password="a-long-password")
    assert check_credentials({"username": "ops", "password": "a-long-password"}, token, both) == (
        "ops"
    )
    assert check_credentials({"username": "ops", "password": "wrong-password"}, token, both) is None
    assert check_credentials({"token": TOKEN}, token, both) == "token"


async def test_post_question_then_entry_page_renders_safely(client: Client, board: Board) -> None:
    csrf = await _sign_in(client)
    no_csrf = await client.post("/ui/post", data={"kind": "question", "title": "x"})
    assert no_csrf.status_code == 403
    resp = await client.post(
        "/ui/post",
        data={
            "kind": "question",
            "title": "Why <b>bold</b>?",
            "body": "Some **markdown** and <script>alert(1)</script> [x](javascript:alert(1))",
            "repo": "acme/app",
            "_csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert resp.status_code in (302, 303)
    page = await client.get(resp.headers["location"])
    assert page.status_code == 200
    assert "<strong>markdown</strong>" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert 'href="javascript:' not in page.text
    assert "Why &lt;b&gt;bold&lt;/b&gt;?" in page.text
    async with board.sessions() as session:
        entry = await session.scalar(select(Entry).where(Entry.title == "Why <b>bold</b>?"))
    assert entry is not None
    assert (entry.kind, entry.author, entry.meta["repo"]) == ("question", "web:token", "acme/app")
    board_page = await client.get("/ui", params={"kind": "question"})
    assert f'href="/ui/entries/{entry.id}"' in board_page.text
    htmx = await client.post(
        "/ui/post",
        data={"kind": "goal", "title": "", "_csrf_token": csrf},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 422
    assert "Give a title" in htmx.text


async def test_filters_search_and_citation_links(client: Client, board: Board) -> None:
    await _sign_in(client)
    async with board.sessions() as session:
        entries = EntryService(session, await board.embedder())
        source = await entries.create(
            EntryIn(kind="document", title="pool.md", body="Connection pools reuse sockets.")
        )
        note = await entries.create(
            EntryIn(kind="research_note", title="Pools note", body="Summary.", author="researcher")
        )
        chunk_id = int(
            await session.scalar(
                select(Entry.id).where(Entry.id == source.id)  # entry exists
            )
            or 0
        )
        from blackboard.models import Chunk

        chunk = await session.scalar(select(Chunk).where(Chunk.entry_id == source.id))
        assert chunk is not None and chunk_id
        await LinkService(session).create(
            LinkIn(
                source_id=note.id,
                target_id=source.id,
                kind="cites",
                quote="reuse sockets",
                chunk_id=chunk.id,
            )
        )
        await TaskService(session).create(
            TaskIn(agent="researcher", entry_id=source.id, created_by="test")
        )
    page = await client.get(f"/ui/entries/{note.id}")
    assert f'href="/ui/entries/{source.id}#chunk-{chunk.id}"' in page.text
    assert "reuse sockets" in page.text
    cited = await client.get(f"/ui/entries/{source.id}")
    assert f'id="chunk-{chunk.id}"' in cited.text
    found = await client.get("/ui/entries", params={"q": "connection pools sockets"})
    assert "pool.md" in found.text
    by_kind = await client.get("/ui/entries", params={"kind": "research_note"})
    assert "Pools note" in by_kind.text and "pool.md" not in by_kind.text
    by_agent = await client.get("/ui/entries", params={"agent": "researcher"})
    assert "Pools note" in by_agent.text and "pool.md" in by_agent.text  # authored / tasked
    assert "Why &lt;b&gt;" not in by_agent.text


async def test_agents_page_reprioritise_reassign_cancel(client: Client, board: Board) -> None:
    csrf = await _sign_in(client)
    async with board.sessions() as session:
        entry = await EntryService(session, await board.embedder()).create(
            EntryIn(kind="task", title="Tidy the docs")
        )
        task = await TaskService(session).create(
            TaskIn(agent="doc-writer", entry_id=entry.id, priority=0.2, created_by="test")
        )
    page = await client.get("/ui/agents")
    assert page.status_code == 200
    assert "Tidy the docs" in page.text and 'id="agent-researcher"' in page.text

    async def change(**fields: str) -> None:
        async with board.sessions() as session:
            current = await session.get(Task, task.id)
            assert current is not None
            version = current.version
        resp = await client.post(
            f"/ui/tasks/{task.id}",
            data={"version": str(version), "_csrf_token": csrf, **fields},
            follow_redirects=False,
        )
        assert resp.status_code in (302, 303)
        assert "error" not in resp.headers["location"]

    await change(action="priority", priority="0.75")
    await change(action="reassign", agent="researcher")
    await change(action="cancel")
    async with board.sessions() as session:
        stored = await session.get(Task, task.id)
    assert stored is not None
    assert (stored.priority, stored.agent, stored.status) == (0.75, "researcher", "cancelled")
    stale = await client.post(
        f"/ui/tasks/{task.id}",
        data={"version": "1", "action": "cancel", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert "error=" in stale.headers["location"]
    unknown = await client.post(
        f"/ui/tasks/{task.id}",
        data={
            "version": str(stored.version),
            "action": "reassign",
            "agent": "nobody",
            "_csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert "error=" in unknown.headers["location"]
