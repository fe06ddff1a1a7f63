"""How our processes share the CPU with the embedding model and the local LLM.

PyTorch runs its CPU kernels on an OpenMP thread pool whose threads, by default, spin for a
while after each parallel region waiting for the next one. In a process that does nothing but
run a model that costs little; here the model shares two or four cores with the event loop,
the splitter, the database writes and PostgreSQL itself, and the spinning threads take CPU
from exactly the work that runs beside them. Passive waiting (threads sleep at once) measured
~10% faster cold ingest on two cores (`bench ingest`, alternating runs) and no change in
SmolLM2 generation speed. OpenMP reads the setting when PyTorch loads, so it is set before
any command runs; a value already in the environment wins.
"""

from __future__ import annotations

import os

OMP_WAIT_POLICY = "PASSIVE"


def share_cpu_with_the_model() -> None:
    """Make PyTorch's OpenMP threads sleep instead of spinning (unless the user chose)."""
    os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)
