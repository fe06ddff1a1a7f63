"""Per-request dependencies: a database session on the app's board, the board, the split
options, the principals."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.runtime import Board
from blackboard.splitting import SplitOptions
from controllers.outbox.rights import Principals, principals
from knowledge_sources.souls import load_souls


def board_of(state: State) -> Board:
    """The board the app was started with."""
    board: Board = state.board
    return board


async def provide_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """One session per request, rolled back if the handler did not commit."""
    async with board_of(state).sessions() as session:
        yield session


async def provide_board(state: State) -> Board:
    """The board itself (for the embedder)."""
    return board_of(state)


def provide_split_options(state: State) -> SplitOptions:
    """Chunk size and overlap for stored documents: ``GA_INGEST_*``, as ``ingest`` uses them
    (put in the app's state by ``BoardAppPlugin``)."""
    split: SplitOptions = state.split_options
    return split


def provide_principals(state: State) -> Principals:
    """Who may record outbox actions: the ones the app was given, else ``souls/`` (read once)."""
    given: Principals | None = state.get("principals")
    if given is None:
        given = principals(load_souls(state.souls_dir), state.outbox_settings)
        state.principals = given
    return given
