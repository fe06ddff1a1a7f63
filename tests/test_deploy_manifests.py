"""The Kustomize overlays render, validate against pinned Kubernetes schemas offline, pass
checkov's policies (each skipped check explained), and put what the docs promise where."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from controllers.settings import AppSettings, load_settings
from knowledge_sources.souls import load_souls
from tests.deploy_tools import K8S, KUBERNETES_VERSION, OVERLAYS, ROOT, render, resources, tool

NAMESPACE = "gitea-assistants"


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One overlay, rendered once into a file."""
    out = tmp_path_factory.mktemp("render") / f"{request.param}.yaml"
    out.write_text(render(K8S / "overlays" / request.param), encoding="utf-8")
    return out


def _by_kind(path: Path, kind: str) -> dict[str, dict[str, Any]]:
    docs = resources(path.read_text(encoding="utf-8"))
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def _pod_specs(path: Path) -> dict[str, dict[str, Any]]:
    specs = {
        name: doc["spec"]["template"]["spec"]
        for kind in ("Deployment", "StatefulSet", "Job")
        for name, doc in _by_kind(path, kind).items()
    }
    for name, doc in _by_kind(path, "CronJob").items():
        specs[name] = doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return specs


def test_every_resource_validates_against_the_pinned_schemas(overlay: Path) -> None:
    docs = resources(overlay.read_text(encoding="utf-8"))
    assert len(docs) > 20
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == NAMESPACE, doc["metadata"]["name"]


def test_a_broken_manifest_is_refused() -> None:
    """The validation can fail: a port given as text is not a Deployment."""
    api = _by_kind(ROOT / "deploy/k8s/base/api.yaml", "Deployment")["api"]
    api["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "8000"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(api, KUBERNETES_VERSION, strict=True)


def test_checkov_finds_nothing_beyond_the_explained_skips(overlay: Path) -> None:
    checkov = tool("checkov", ROOT / ".tools/checkov/bin")
    done = subprocess.run(
        [checkov, "--config-file", str(K8S / "checkov.yaml"), "-f", str(overlay)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Failed checks: 0" in done.stdout


def test_every_pod_runs_unprivileged_with_limits(overlay: Path) -> None:
    for name, spec in _pod_specs(overlay).items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"]:
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert {"cpu", "memory"} <= container["resources"]["limits"].keys(), name
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name


def test_api_is_probed_on_health_and_workers_have_a_liveness_check(overlay: Path) -> None:
    specs = _pod_specs(overlay)
    api = specs["api"]["containers"][0]
    assert api["args"] == ["serve", "api"]
    assert api["readinessProbe"]["httpGet"]["path"] == "/health"
    assert api["livenessProbe"]["httpGet"]["path"] == "/health"
    workers = [spec for name, spec in specs.items() if name.startswith("worker-")]
    assert workers
    for spec in workers:
        container = spec["containers"][0]
        probe = container["livenessProbe"]["exec"]["command"]
        assert probe[:3] == ["python", "-m", "controllers.cli.worker_alive"]
        assert probe[-1] == container["args"][3]  # the probe asks about the pod's own agent
    for role in ("control", "sync", "outbox"):
        assert specs[role]["containers"][0]["args"] == ["serve", role]
    assert specs["migrate"]["containers"][0]["args"] == ["db", "upgrade"]


def test_single_node_runs_one_of_each_without_budgets() -> None:
    rendered = render(K8S / "overlays/single-node")
    docs = resources(rendered)
    assert not [doc for doc in docs if doc["kind"] == "PodDisruptionBudget"]
    deployments = [doc for doc in docs if doc["kind"] == "Deployment"]
    assert {doc["spec"]["replicas"] for doc in deployments} == {1}
    assert "nvidia.com/gpu" not in rendered


def test_gpu_overlay_pins_model_servers_to_gpu_nodes_and_points_the_team_at_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gpu.yaml"
    path.write_text(render(K8S / "overlays/gpu"), encoding="utf-8")
    specs = _pod_specs(path)
    services = _by_kind(path, "Service")
    claims = _by_kind(path, "PersistentVolumeClaim")
    for server in ("ollama", "vllm"):
        spec = specs[server]
        assert spec["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == 1
        assert spec["nodeSelector"] == {"nvidia.com/gpu.present": "true"}
        assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in spec[
            "tolerations"
        ]
        claim = next(
            v["persistentVolumeClaim"]["claimName"]
            for v in spec["volumes"]
            if "persistentVolumeClaim" in v
        )
        assert claim in claims
        assert server in services
    config = _by_kind(path, "ConfigMap")["gitea-assistants"]["data"]
    port = {name: svc["spec"]["ports"][0]["port"] for name, svc in services.items()}
    assert config["GA_OLLAMA_URL"] == f"http://ollama:{port['ollama']}"
    assert config["GA_EMBEDDER_URL"] == f"http://ollama:{port['ollama']}"
    assert config["GA_OPENAI_URL"] == f"http://vllm:{port['vllm']}/v1"
    assert config["GA_EMBEDDER"] == "ollama"
    for name, spec in specs.items():
        if name not in ("ollama", "vllm"):
            assert "nodeSelector" not in spec, name  # the team itself goes anywhere
    pull = " ".join(specs["ollama-pull"]["containers"][0]["args"])
    wanted = {soul.model.name for soul in load_souls().values() if soul.model.provider == "ollama"}
    for model in wanted | {config["GA_EMBEDDER_MODEL"]}:
        assert f" {model} " in f" {pull.replace(';', ' ')} ", model  # every model is pulled


def _setting_names() -> set[str]:
    """Every environment variable a part of ``AppSettings`` reads (prefix + field, or alias)."""
    names: set[str] = set()
    for field in AppSettings.model_fields.values():
        part = field.annotation
        assert isinstance(part, type) and issubclass(part, BaseSettings)
        prefix = str(part.model_config.get("env_prefix", ""))
        for name, setting in part.model_fields.items():
            names.add(f"{prefix}{name}".upper())
            alias = setting.validation_alias
            if isinstance(alias, AliasChoices):
                names |= {choice.upper() for choice in alias.choices if isinstance(choice, str)}
            elif isinstance(alias, str):
                names.add(alias.upper())
    return names


def test_config_maps_set_only_real_settings_with_valid_values(
    overlay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _by_kind(overlay, "ConfigMap")["gitea-assistants"]["data"]
    ours = {key for key in data if key.startswith("GA_")}
    assert ours, data
    assert ours <= _setting_names(), ours - _setting_names()
    for key in [key for key in os.environ if key.startswith("GA_") or key == "DATABASE_URL"]:
        monkeypatch.delenv(key)
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()
    assert settings.board.embedder == data["GA_EMBEDDER"]
    assert settings.models.ollama_url == data.get("GA_OLLAMA_URL", "")


def test_team_pods_can_write_where_the_config_points(overlay: Path) -> None:
    """The root file system is read-only: the data dir, HOME and the caches must be volumes."""
    data = _by_kind(overlay, "ConfigMap")["gitea-assistants"]["data"]
    wanted = {data["GA_DATA_DIR"], data["HOME"], data["HF_HOME"], "/tmp"}
    team = 0
    for name, spec in _pod_specs(overlay).items():
        for container in spec["containers"]:
            sources = container.get("envFrom", [])
            if {"configMapRef": {"name": "gitea-assistants"}} not in sources:
                continue
            team += 1
            mounts = [mount["mountPath"] for mount in container["volumeMounts"]]
            for path in wanted:
                assert any(path == m or path.startswith(f"{m}/") for m in mounts), (name, path)
    assert team >= 13  # api, control, sync, outbox, migrate and one worker per soul
