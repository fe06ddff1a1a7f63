"""What a newcomer saw in the web view (issue 15, item 9): the wrong-token message, ``/schema``
for a signed-in browser, search results with their passages, note passages as markdown."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.api.app import create_app
from controllers.settings import AppSettings
from controllers.web.settings import WebViewSettings

TOKEN = "newcomer-test-token"
Client = AsyncTestClient[Litestar]


@pytest_asyncio.fixture(loop_scope="session")
async def client(board: Board) -> AsyncIterator[Client]:
    app = create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    async with AsyncTestClient(app=app) as c:
        yield c


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


async def _post_login(client: Client, token: str, **form: str) -> str:
    csrf = _csrf((await client.get("/ui/login")).text)
    resp = await client.post(
        "/ui/login", data={"token": token, "_csrf_token": csrf, **form}, follow_redirects=False
    )
    return resp.text if resp.status_code == 401 else ""


def _error(page: str) -> str:
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page)
    assert found, page
    return found.group(1)


async def _entry(board: Board, entry: EntryIn) -> int:
    async with board.sessions() as session:
        created = await EntryService(session, await board.embedder()).create(entry)
    return int(created.id)


async def test_wrong_token_message_names_only_the_token(client: Client) -> None:
    for tried in ("not-the-token", ""):
        error = _error(await _post_login(client, tried)).lower()
        assert "token" in error
        assert "username" not in error and "password" not in error


async def test_wrong_password_message_names_only_the_password(board: Board) -> None:
    web = WebViewSettings(username="ops", password="a-long-password")
    app = create_app(AppSettings(board=board.settings, web_view=web), board=board, token=TOKEN)
    async with AsyncTestClient(app=app) as client:
        page = await _post_login(client, "", username="ops", password="not-the-password")
        assert _error(page) == "Wrong username or password."
        assert "token" in _error(await _post_login(client, "not-the-token")).lower()


async def test_schema_opens_for_a_signed_in_browser(client: Client) -> None:
    assert (await client.get("/schema/openapi.json")).status_code == 401
    assert await _post_login(client, TOKEN) == ""
    schema = await client.get("/schema/openapi.json")
    assert schema.status_code == 200
    assert "/entries" in schema.json()["paths"]
    # the session opens the schema only, never the rest of the API
    assert (await client.get("/entries")).status_code == 401


async def test_search_results_show_their_passages(client: Client, board: Board) -> None:
    entry_id = await _entry(
        board,
        EntryIn(
            kind="document",
            title="rotation.md",
            body="# Keys\n\nThe signing key rotates every ninety days on the first Monday.\n",
            source_uri="file:///docs/rotation.md",
        ),
    )
    await _post_login(client, TOKEN)
    page = await client.get("/ui/entries", params={"q": "signing key rotates ninety days"})
    assert page.status_code == 200
    row = page.text.split(f'id="entry-{entry_id}"', 1)[1].split("</tr>", 1)[0]
    assert "The signing key rotates every ninety days" in row
    assert re.search(rf'href="/ui/entries/{entry_id}#chunk-\d+"', row)
    # without a query the board lists entries without passages
    assert 'class="passage"' not in (await client.get("/ui/entries")).text


async def test_note_passages_render_as_markdown(client: Client, board: Board) -> None:
    note = await _entry(
        board,
        EntryIn(
            kind="research_note",
            title="Research: key rotation",
            body="# Key rotation\n\nIn short.\n\n## Findings\n\n- keys rotate **quarterly** [1]\n",
        ),
    )
    code = await _entry(
        board,
        EntryIn(
            kind="document",
            title="rotate.py",
            body="# rotate the keys\nimport os\n",
            source_uri="file:///src/rotate.py",
            meta={"format": "code"},
        ),
    )
    await _post_login(client, TOKEN)
    page = (await client.get(f"/ui/entries/{note}")).text
    passages = page.split('id="passages"', 1)[1]
    assert "## Findings" not in passages
    assert "<h2>Findings</h2>" in passages
    assert "<strong>quarterly</strong>" in passages
    # passages of code keep their text as written: its comment is no heading
    code_page = (await client.get(f"/ui/entries/{code}")).text
    assert "# rotate the keys" in code_page.split('id="passages"', 1)[1]
