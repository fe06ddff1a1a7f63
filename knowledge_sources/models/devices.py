"""Where a local Hugging Face model's weights go: ``cpu``, ``cuda``, ``cuda:N`` or ``auto``.

``auto`` hands placement to accelerate's device map (every visible GPU, spilling to the CPU)
when PyTorch sees a GPU, and falls back to the CPU, saying so in the log, when it sees none.
``cuda``/``cuda:N`` on a machine without that GPU is a configuration error naming the fix.
"""

from __future__ import annotations

import logging
import re

from knowledge_sources.models.errors import ModelConfigError

log = logging.getLogger(__name__)

DEVICE_PATTERN = re.compile(r"^(cpu|auto|cuda(:\d+)?)$")
DEVICE_HELP = "one of cpu, cuda, cuda:N (N = the GPU's index) or auto"


def check_device(value: str) -> str:
    """``value`` if it names a device this module understands, else ``ValueError``."""
    if not DEVICE_PATTERN.match(value):
        raise ValueError(f"device must be {DEVICE_HELP}, not {value!r}")
    return value


def gpu_count() -> int:
    """How many CUDA devices PyTorch sees here (0 without a GPU or a CUDA build)."""
    import torch

    return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0


def resolve_device(device: str) -> str:
    """The placement to load with: ``cpu``, ``auto`` (accelerate's map) or ``cuda:N``."""
    check_device(device)
    if device == "cpu":
        return "cpu"
    gpus = gpu_count()
    if device == "auto":
        if gpus:
            return "auto"
        log.info("device auto: no GPU visible to PyTorch, the model runs on the CPU")
        return "cpu"
    index = int(device.partition(":")[2] or 0)
    if index >= gpus:
        raise ModelConfigError(
            f"device {device} asked for, but PyTorch sees {gpus} GPU(s) here: set the soul's "
            "model.device (or GA_MODEL_DEVICE) to auto or cpu, or run this worker on a GPU node"
        )
    return f"cuda:{index}"
