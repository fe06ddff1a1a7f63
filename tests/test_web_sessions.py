"""Web view sessions and sign-in hardening (issue 16, hole 1): no session fixation, sessions on
the board that outlive a restart, security headers, throttled failed sign-ins and API tokens."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.exceptions import TooManyRequestsException
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from blackboard.models import WebSession
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.api.throttle import FailureThrottle, ThrottleSettings
from controllers.settings import AppSettings

TOKEN = "session-test-token"
PLANTED = "a" * 64
Client = AsyncTestClient[Litestar]


def _app(board: Board, failures: int = 10, window_s: float = 300) -> Litestar:
    auth = ThrottleSettings(failures_per_client=failures, window_s=window_s)
    return create_app(AppSettings(board=board.settings, auth=auth), board=board, token=TOKEN)


@pytest_asyncio.fixture(loop_scope="session")
async def client(board: Board) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=_app(board)) as c:
        yield c


def _carry(client: Client, session_id: str) -> None:
    """The browser brings ``session_id`` as its session cookie."""
    client.cookies.set("ga_session", session_id, domain="testserver.local")


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


async def _sign_in(client: Client, token: str = TOKEN) -> int:
    csrf = _csrf((await client.get("/ui/login")).text)
    resp = await client.post(
        "/ui/login", data={"token": token, "_csrf_token": csrf}, follow_redirects=False
    )
    return resp.status_code


async def _session_rows(board: Board) -> int:
    async with board.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(WebSession)) or 0)


async def test_a_planted_session_id_is_never_adopted(client: Client, board: Board) -> None:
    _carry(client, PLANTED)
    assert await _sign_in(client) in (302, 303)
    issued = client.cookies.get("ga_session")
    assert issued and issued != PLANTED, "sign-in kept the id the browser brought"
    assert (await client.get("/ui", follow_redirects=False)).status_code == 200
    # whoever planted the id has nothing: the planted id opens no session
    async with AsyncTestClient(app=_app(board)) as attacker:
        _carry(attacker, PLANTED)
        assert (await attacker.get("/ui", follow_redirects=False)).status_code in (302, 303)
    async with board.sessions() as session:
        keys = set(await session.scalars(select(WebSession.key)))
    assert PLANTED not in keys and issued in keys


async def test_sign_in_issues_a_fresh_id_and_sign_out_ends_it(client: Client, board: Board) -> None:
    assert await _sign_in(client) in (302, 303)
    first = client.cookies.get("ga_session")
    assert await _sign_in(client) in (302, 303)
    second = client.cookies.get("ga_session")
    assert first and second and first != second
    async with AsyncTestClient(app=_app(board)) as other:
        _carry(other, first)
        assert (await other.get("/ui", follow_redirects=False)).status_code in (302, 303)
        _carry(other, second)
        assert (await other.get("/ui", follow_redirects=False)).status_code == 200
    page = await client.get("/ui")
    await client.post("/ui/logout", data={"_csrf_token": _csrf(page.text)}, follow_redirects=False)
    async with AsyncTestClient(app=_app(board)) as other:
        _carry(other, second)
        assert (await other.get("/ui", follow_redirects=False)).status_code in (302, 303)


async def test_anonymous_visits_store_no_session(client: Client, board: Board) -> None:
    before = await _session_rows(board)
    for _ in range(5):
        assert (await client.get("/ui/login")).status_code == 200
        assert (await client.get("/ui", follow_redirects=False)).status_code in (302, 303)
    assert await _session_rows(board) == before
    assert "ga_session" not in client.cookies


async def test_a_session_outlives_a_restart(board: Board) -> None:
    async with AsyncTestClient(app=_app(board)) as first:
        assert await _sign_in(first) in (302, 303)
        cookie = first.cookies.get("ga_session")
    assert cookie
    async with AsyncTestClient(app=_app(board)) as restarted:  # a new app: nothing in memory
        _carry(restarted, cookie)
        page = await restarted.get("/ui", follow_redirects=False)
    assert page.status_code == 200, "the restart signed the session out"


async def test_pages_carry_security_headers(client: Client) -> None:
    for path in ("/ui/login", "/ui/static/web.css"):
        headers = (await client.get(path)).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    # the JSON API is left alone (no CSP there)
    assert "content-security-policy" not in (await client.get("/health")).headers


async def test_failed_sign_ins_are_throttled_per_client(board: Board) -> None:
    async with AsyncTestClient(app=_app(board, failures=3, window_s=60)) as c:
        for _ in range(3):
            assert await _sign_in(c, token="wrong") == 401
        csrf = _csrf((await c.get("/ui/login")).text)
        refused = await c.post(
            "/ui/login", data={"token": TOKEN, "_csrf_token": csrf}, follow_redirects=False
        )
        assert refused.status_code == 429  # even the right token, until the window passes
        assert 0 < int(refused.headers["retry-after"]) <= 60
        assert "Too many failed sign-ins" in refused.text
        assert (await c.get("/ui", follow_redirects=False)).status_code in (302, 303)


async def test_wrong_api_tokens_are_throttled_per_client(board: Board) -> None:
    async with AsyncTestClient(app=_app(board, failures=3, window_s=60)) as c:
        wrong = {"Authorization": "Bearer not-the-token"}
        for _ in range(3):
            assert (await c.get("/entries", headers=wrong)).status_code == 401
        right = {"Authorization": f"Bearer {TOKEN}"}
        refused = await c.get("/entries", headers=right)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 60
        assert (await c.get("/health")).status_code == 200  # public paths stay open


def test_throttle_window_and_bounded_memory() -> None:
    now = [0.0]
    throttle = FailureThrottle(limit=2, window_s=10, max_clients=3, clock=lambda: now[0])
    throttle.failed("a")
    throttle.failed("a")
    assert throttle.retry_after("a") == 10
    now[0] = 9.5
    assert throttle.retry_after("a") == 1
    now[0] = 10.0
    assert throttle.retry_after("a") == 0  # the window passed
    for n in range(100):
        throttle.failed(f"client-{n}")
    assert throttle.remembered() == 3  # the least recently failing are forgotten
    throttle.failed("client-99")
    with pytest.raises(TooManyRequestsException, match="too many failed attempts"):
        throttle.check("client-99")
