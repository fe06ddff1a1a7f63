"""One worker Deployment per soul: the committed deploy/k8s/base/workers matches souls/, and
'gitea-assistants k8s workers' follows the team as souls arrive and leave."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from controllers.cli.app import cli_env
from controllers.cli.commands.k8s import k8s_group
from controllers.settings import AppSettings
from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.souls import default_souls_dir, load_souls
from tests.deploy_tools import K8S, render, resources

WORKERS = K8S / "base" / "workers"


def _workers(
    souls_dir: Path | None, out: Path, *extra: str, settings_souls: Path | None = None
) -> tuple[int, str]:
    """``k8s workers`` with ``--souls-dir`` if given, GA_SOULS_DIR = ``settings_souls``."""
    args = ["workers", "--out", str(out), *extra]
    if souls_dir is not None:
        args += ["--souls-dir", str(souls_dir)]
    settings = AppSettings(models=ModelSettings(souls_dir=settings_souls))
    result = CliRunner().invoke(k8s_group, args, obj=cli_env(settings))
    return result.exit_code, result.output


def test_committed_worker_deployments_match_the_souls() -> None:
    code, output = _workers(default_souls_dir(), WORKERS, "--check")
    assert code == 0, output
    souls = load_souls()
    assert f"{len(souls)} worker Deployments match the souls" in output
    docs = resources(render(K8S / "base"))
    agents = {
        doc["spec"]["template"]["spec"]["containers"][0]["args"][3]: doc
        for doc in docs
        if doc["kind"] == "Deployment"
        and doc["metadata"]["labels"]["app.kubernetes.io/component"] == "worker"
    }
    assert set(agents) == set(souls)
    for name, doc in agents.items():
        assert doc["metadata"]["name"] == f"worker-{name}"
        args = doc["spec"]["template"]["spec"]["containers"][0]["args"]
        assert args[:4] == ["serve", "worker", "--agent", name]


def test_workers_follow_souls_that_arrive_and_leave(tmp_path: Path) -> None:
    souls_dir = tmp_path / "souls"
    souls_dir.mkdir()
    for name in ("triager", "coder"):
        shutil.copy(default_souls_dir() / f"{name}.md", souls_dir)
    out = tmp_path / "workers"

    code, output = _workers(souls_dir, out, "--check")
    assert code != 0
    assert "out of date" in output
    assert "worker-coder.yaml" in output

    code, output = _workers(None, out, settings_souls=souls_dir)  # GA_SOULS_DIR
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == [
        "kustomization.yaml",
        "worker-coder.yaml",
        "worker-triager.yaml",
    ]
    assert "worker-triager.yaml" in (out / "kustomization.yaml").read_text(encoding="utf-8")

    (souls_dir / "coder.md").unlink()
    (out / "worker-triager.yaml").write_text("edited by hand\n", encoding="utf-8")
    code, output = _workers(souls_dir, out, "--check")
    assert code != 0
    assert "worker-coder.yaml" in output
    assert "worker-triager.yaml" in output

    code, output = _workers(souls_dir, out)
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["kustomization.yaml", "worker-triager.yaml"]
    assert "serve" in (out / "worker-triager.yaml").read_text(encoding="utf-8")
    assert _workers(souls_dir, out, "--check")[0] == 0


def test_a_bad_souls_dir_or_out_is_named(tmp_path: Path) -> None:
    code, output = _workers(tmp_path / "missing", tmp_path / "out")
    assert code != 0
    assert "no such souls directory" in output
    assert not (tmp_path / "out").exists()
    code, output = _workers(None, tmp_path / "elsewhere" / "workers")
    assert code != 0
    assert "run this from the repository root, or pass --out" in output
    assert not (tmp_path / "elsewhere").exists()
