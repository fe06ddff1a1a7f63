"""Finding the deployment tools the deploy tests run: kubectl, checkov and hadolint.

Each is looked up on PATH, then beside this Python (the ``.venv`` that ``deploy/install.sh``
fills), then in ``.tools/`` (``deploy/install-test-tools.sh`` puts checkov in its own
virtualenv there, away from the project's pins). A missing tool skips its test with a message
naming the script that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("single-node", "gpu")
KUBERNETES_VERSION = "1.32.0"
"""The Kubernetes schemas the manifests are validated against (MicroK8s' 1.32 channel)."""


def tool(name: str, *extra: Path) -> str:
    """The path of ``name``, or skip the test saying how to install it."""
    places = (Path(sys.executable).parent, *extra)
    found = shutil.which(name) or next(
        (str(place / name) for place in places if (place / name).is_file()), None
    )
    if found is None:
        pytest.skip(f"{name} not found: run deploy/install-test-tools.sh to install it")
    return found


def render(path: Path) -> str:
    """``kubectl kustomize path``: the manifests as one YAML stream."""
    done = subprocess.run(
        [tool("kubectl"), "kustomize", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def resources(stream: str) -> list[dict[str, Any]]:
    """The documents of a rendered stream."""
    return [doc for doc in yaml.safe_load_all(stream) if doc]
