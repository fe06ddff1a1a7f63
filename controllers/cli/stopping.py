"""Running ``up``'s server on its own event loop, with a bounded wait for work left in threads.

``asyncio.run`` waits, without a word and without a limit, for every thread of the loop's
executor when it closes: a local model generating an answer holds one for a minute or more
after Ctrl-C. Here the wait is bounded (``GA_SHUTDOWN_TIMEOUT_S``) and said on the console;
threads still busy after it are left behind (``up`` then ends its process at once), and the
task they worked for is retried on the next ``up``.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any


def busy_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    """Threads started since ``before`` that would keep the process alive."""
    return [
        thread
        for thread in threading.enumerate()
        if thread not in before and not thread.daemon and thread.is_alive()
    ]


def run_then_wait(
    main: Coroutine[Any, Any, None], timeout_s: float, say: Callable[[str], None]
) -> list[threading.Thread]:
    """Run ``main``, then wait at most ``timeout_s`` for the threads it started and left busy;
    return those still busy."""
    before = set(threading.enumerate())
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(main)
        _cancel_the_rest(loop)
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()  # shuts the executor down without waiting for its threads
    busy = busy_threads(before)
    if busy:
        say(
            f"waiting at most {timeout_s:g} s (GA_SHUTDOWN_TIMEOUT_S) for work still running "
            f"in {len(busy)} thread(s), e.g. a model generating: "
            + ", ".join(thread.name for thread in busy)
        )
        deadline = time.monotonic() + timeout_s
        while busy and time.monotonic() < deadline:
            time.sleep(0.1)
            busy = busy_threads(before)
    return busy


def _cancel_the_rest(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks ``main`` left on the loop and let them finish (as ``asyncio.run`` does)."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
