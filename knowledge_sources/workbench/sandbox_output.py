"""``BoundedOutput``: keeps the head and the tail of a stream, never more than a byte budget."""

from __future__ import annotations

import asyncio

_CHUNK = 64 * 1024


class BoundedOutput:
    """The first and last ``limit // 2`` bytes of all that is fed; the middle is only counted."""

    def __init__(self, limit: int) -> None:
        self._head_limit = limit - limit // 2
        self._tail_limit = limit // 2
        self._head = bytearray()
        self._tail = bytearray()
        self.total = 0
        """Bytes seen, kept or not."""

    @property
    def trimmed(self) -> bool:
        """Whether some of the stream was dropped."""
        return self.total > self._head_limit + self._tail_limit

    def feed(self, data: bytes) -> None:
        """Take the next bytes of the stream."""
        self.total += len(data)
        room = self._head_limit - len(self._head)
        if room > 0:
            self._head += data[:room]
            data = data[room:]
        if data and self._tail_limit:
            self._tail += data[-self._tail_limit :]
            del self._tail[: max(0, len(self._tail) - self._tail_limit)]

    def text(self) -> str:
        """The kept bytes as text, with a line saying how much was dropped in between."""
        dropped = self.total - len(self._head) - len(self._tail)
        if dropped == 0:
            return (self._head + self._tail).decode("utf-8", errors="replace")
        head = self._head.decode("utf-8", errors="replace")
        tail = self._tail.decode("utf-8", errors="replace")
        return f"{head}\n[... {dropped} bytes trimmed ...]\n{tail}"

    async def drain(self, stream: asyncio.StreamReader) -> None:
        """Read ``stream`` to its end, keeping what fits."""
        while chunk := await stream.read(_CHUNK):
            self.feed(chunk)
