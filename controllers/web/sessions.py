"""Web view sessions: ids only the server issues, a fresh one at sign-in, kept on the board.

Litestar's server-side session middleware does the work; ``IssuedOnlySessionBackend`` changes
three things about which id it uses:

* an id the browser brings counts only if the store holds a live session under it; any other
  id (planted, expired, made up) is ignored and never written to;
* when a handler clears the session (sign-in does, before it stores who signed in; sign-out
  does) the old id is deleted and a fresh one is issued;
* an empty session is never stored, so anonymous requests add no rows.

The store is advanced-alchemy's ``SQLAlchemyStore`` on the board's ``web_sessions`` table,
registered once the board is open (``session_store_lifespan``), so a restart signs nobody out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore, StoreModelMixin
from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items
from sqlalchemy import delete, func

from blackboard.models import WebSession
from blackboard.runtime import Board

STORE_NAME = "web_sessions"
"""The name of the session store in the app's store registry."""
_ISSUED = "ga_session_issued_id"
"""Scope key: the browser's session id, set only when the store held a live session under it."""


class IssuedOnlySessionBackend(ServerSideSessionBackend):
    """A server-side session backend that never adopts an id the server did not issue."""

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        presented = connection.cookies.get(self.config.key)
        if not presented:
            return {}
        data = await self.get(presented, store=self._store(connection))
        if data is None:
            return {}
        connection.scope[_ISSUED] = presented  # type: ignore[literal-required]
        return self.deserialize_data(data)

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        issued = connection.scope.get(_ISSUED)
        return issued if isinstance(issued, str) else self.generate_session_id()

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        store = self._store(connection)
        headers = MutableScopeHeaders.from_message(message)
        issued = connection.scope.get(_ISSUED)
        session_id = connection.get_session_id()  # ``None`` once a handler cleared the session
        if session_id is None and isinstance(issued, str):
            await self.delete(issued, store=store)
        if not scope_session:
            if connection.cookies.get(self.config.key):
                headers.add("Set-Cookie", self._cookie("null", expires=0))
            return
        session_id = session_id or self.generate_session_id()
        await self.set(session_id, self.serialize_data(scope_session, connection.scope), store)
        headers.add("Set-Cookie", self._cookie(session_id))

    def _cookie(self, value: str, **extra: Any) -> str:
        params = dict(
            extract_dataclass_items(
                self.config, exclude_none=True, include=set(Cookie.__dict__.keys())
            )
        )
        return Cookie(value=value, key=self.config.key, **params, **extra).to_header(header="")

    def _store(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Store:
        return self.config.get_store_from_app(connection.scope["app"])


@dataclass
class IssuedOnlySessionConfig(ServerSideSessionConfig):
    """``ServerSideSessionConfig`` with ``IssuedOnlySessionBackend`` and the board's store."""

    _backend_class = IssuedOnlySessionBackend
    store: str = STORE_NAME


def board_session_store(board: Board) -> SQLAlchemyStore[SQLAlchemyAsyncConfig]:
    """advanced-alchemy's Litestar store on the board's ``web_sessions`` table."""
    config = SQLAlchemyAsyncConfig(engine_instance=board.engine, session_maker=board.sessions)
    # WebSession has every column the store uses, on the board's identity-key base
    model = cast("type[StoreModelMixin]", WebSession)
    return SQLAlchemyStore(config, model=model, namespace="web")


async def forget_expired_sessions(board: Board) -> int:
    """Delete sessions past their expiry; how many went."""
    async with board.sessions() as session:
        gone = await session.scalars(
            delete(WebSession).where(WebSession.expires_at < func.now()).returning(WebSession.id)
        )
        count = len(gone.all())
        await session.commit()
    return count


@asynccontextmanager
async def session_store_lifespan(app: Litestar) -> AsyncIterator[None]:
    """Registers the board's session store once the board is open (after the app's own lifespan)."""
    board: Board = app.state.board
    await forget_expired_sessions(board)
    app.stores.register(STORE_NAME, board_session_store(board), allow_override=True)
    yield
