"""What every board service shares: a session, and who owns the transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SessionService:
    """Writes commit by default; with ``autocommit=False`` they only flush, so a caller can
    apply several writes (e.g. a knowledge source's contributions) in one transaction."""

    def __init__(self, session: AsyncSession, *, autocommit: bool = True) -> None:
        self.session = session
        self.autocommit = autocommit

    async def _done(self) -> None:
        """Commit, or only flush when the caller owns the transaction."""
        if self.autocommit:
            await self.session.commit()
        else:
            await self.session.flush()
