"""An open board: the database (embedded or external), migrated, with sessions and embedder."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from blackboard import migrate
from blackboard.database import Database, make_engine, make_sessionmaker, open_database
from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.factory import get_embedder
from blackboard.settings import BoardSettings

logger = logging.getLogger(__name__)


@dataclass
class Board:
    """Everything a process needs to read and write the board."""

    settings: BoardSettings
    db: Database
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    _embedder: SharedEmbedder | None = field(default=None, repr=False)
    _embedder_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @classmethod
    def open(
        cls, settings: BoardSettings, *, run_migrations: bool = True, db: Database | None = None
    ) -> Board:
        """Connect (starting the embedded server if needed) and migrate to the newest schema."""
        db = db or open_database(settings)
        if run_migrations:
            migrate.upgrade(db.sqlalchemy_url)
        engine = make_engine(db)
        return cls(settings=settings, db=db, engine=engine, sessions=make_sessionmaker(engine))

    async def embedder(self) -> SharedEmbedder:
        """The process-wide embedder, loaded on first use (off the event loop)."""
        if self._embedder is None:
            async with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = await asyncio.to_thread(get_embedder, self.settings)
        return self._embedder

    def use_embedder(self, embedder: SharedEmbedder) -> None:
        """Pin a specific embedder (tests, benchmarks)."""
        self._embedder = embedder

    async def close(self, *, stop_database: bool = True) -> None:
        """Dispose of connections; stop the embedded server if this process started it."""
        await self.engine.dispose()
        if stop_database:
            self.db.stop()
