"""One worker thread for the event loop's blocking calls during a batch ingest.

The embedder runs its model through ``asyncio.to_thread``. With the default pool, successive
batches land on different threads and each thread's malloc arena keeps its own copy of the
model's scratch memory; one worker keeps peak memory down (about 150 MB with MiniLM) at no
cost in speed, since the model runs one batch at a time anyway. For processes that do nothing
but ingest (the CLI, the benchmark); a server keeps its default pool.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def use_one_worker_thread() -> None:
    """Make the running loop's default executor a single thread."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="ga-ingest")
    )
