"""``gitea-assistants k8s workers``: one worker Deployment per soul, for deploy/k8s/base/workers.

Each soul in ``--souls-dir`` (default ``GA_SOULS_DIR``, else the shipped ``souls/``) gets
``worker-<name>.yaml`` running ``gitea-assistants serve worker --agent <name>``, with the
liveness probe of ``controllers.cli.worker_alive``; ``kustomization.yaml`` lists them. Files of
souls that are gone are removed, so the folder always matches the team. ``--check`` writes
nothing and fails when the folder differs from what it would write (for CI and the tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import yaml

from controllers.cli.app import app_settings
from knowledge_sources.souls import Soul, load_souls
from knowledge_sources.souls.errors import SoulsInvalidError

HEADER = (
    "# Written by 'gitea-assistants k8s workers' from souls/; edit the souls, then run it again.\n"
)
SERVER_PROVIDERS = ("ollama", "openai")
"""Souls whose model runs on a server: the worker itself needs little memory."""


def _labels(agent: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": "gitea-assistants",
        "app.kubernetes.io/component": "worker",
        "gitea-assistants/agent": agent,
    }


def _resources(soul: Soul) -> dict[str, dict[str, str]]:
    """A server-backed soul needs room for the embedder; a local model needs room for itself."""
    if soul.model.provider in SERVER_PROVIDERS:
        return {
            "requests": {"cpu": "100m", "memory": "768Mi"},
            "limits": {"cpu": "1", "memory": "2Gi"},
        }
    return {"requests": {"cpu": "500m", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "4Gi"}}


def worker_deployment(soul: Soul) -> dict[str, Any]:
    """The Deployment of ``soul``'s workers (one replica; scale it with kubectl or a patch)."""
    alive = ["python", "-m", "controllers.cli.worker_alive", "--agent", soul.name]
    volumes = ("data", "/data"), ("cache", "/cache"), ("tmp", "/tmp")  # noqa: S108
    container = {
        "name": "worker",
        "image": "gitea-assistants",
        "imagePullPolicy": "Always",
        "args": ["serve", "worker", "--agent", soul.name, "--concurrency", "1"],
        "envFrom": [
            {"configMapRef": {"name": "gitea-assistants"}},
            {"secretRef": {"name": "gitea-assistants"}},
        ],
        "startupProbe": {"exec": {"command": alive}, "periodSeconds": 10, "failureThreshold": 30},
        "livenessProbe": {
            "exec": {"command": alive},
            "periodSeconds": 60,
            "timeoutSeconds": 30,
            "failureThreshold": 3,
        },
        "resources": _resources(soul),
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": name, "mountPath": path} for name, path in volumes],
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": f"worker-{soul.name}",
            "labels": _labels(soul.name),
            "annotations": {
                "checkov.io/skip1": "CKV_K8S_9=a worker serves nothing; liveness is checked",
            },
        },
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": _labels(soul.name)},
            "template": {
                "metadata": {"labels": _labels(soul.name)},
                "spec": {
                    "serviceAccountName": "gitea-assistants",
                    "automountServiceAccountToken": False,
                    "terminationGracePeriodSeconds": 120,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": 10001,
                        "runAsGroup": 10001,
                        "fsGroup": 10001,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [container],
                    "volumes": [{"name": name, "emptyDir": {}} for name, _ in volumes],
                },
            },
        },
    }


def worker_files(souls: dict[str, Soul]) -> dict[str, str]:
    """File name -> text: one Deployment per soul and the kustomization listing them."""
    files = {
        f"worker-{name}.yaml": HEADER + yaml.safe_dump(worker_deployment(soul), sort_keys=False)
        for name, soul in sorted(souls.items())
    }
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": sorted(files),
    }
    files["kustomization.yaml"] = HEADER + yaml.safe_dump(kustomization, sort_keys=False)
    return files


def stale_files(out: Path, files: dict[str, str]) -> list[str]:
    """Names in ``out`` that differ from ``files``, are missing, or belong to no soul."""
    present = {path.name for path in out.glob("*.yaml")} if out.is_dir() else set()
    differing = [
        name
        for name, text in files.items()
        if name not in present or (out / name).read_text(encoding="utf-8") != text
    ]
    return sorted(set(differing) | (present - set(files)))


@click.group("k8s")
def k8s_group() -> None:
    """Kubernetes manifests (deploy/k8s; see docs/deploy.md)."""


@k8s_group.command("workers")
@click.option(
    "--souls-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Souls to deploy [default: GA_SOULS_DIR, else the shipped souls/].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("deploy/k8s/base/workers"),
    show_default=True,
)
@click.option("--check", is_flag=True, help="Write nothing; fail if --out is not up to date.")
def workers_command(souls_dir: Path | None, out: Path, check: bool) -> None:
    """Write one worker Deployment per soul into OUT (and remove those of departed souls)."""
    if not out.parent.is_dir():
        raise click.ClickException(
            f"{out.parent} does not exist: run this from the repository root, or pass --out"
        )
    try:
        souls = load_souls(souls_dir or app_settings().models.souls_dir)
    except SoulsInvalidError as exc:
        raise click.ClickException(str(exc)) from exc
    files = worker_files(souls)
    stale = stale_files(out, files)
    if check:
        if stale:
            raise click.ClickException(
                f"{out} is out of date ({', '.join(stale)}): run 'gitea-assistants k8s workers'"
            )
        click.echo(f"{out}: {len(souls)} worker Deployments match the souls")
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        if name in files:
            (out / name).write_text(files[name], encoding="utf-8")
        else:
            (out / name).unlink()
    click.echo(f"{out}: {len(souls)} worker Deployments ({len(stale)} files changed)")


CLI_COMMAND = k8s_group
