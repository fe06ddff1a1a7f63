"""The command line makes PyTorch's OpenMP threads wait passively, unless the user chose."""

from __future__ import annotations

import os

import pytest

from blackboard.cpu_sharing import share_cpu_with_the_model
from controllers.cli.main import main


def test_the_cli_sets_passive_waiting_before_commands_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("OMP_WAIT_POLICY", "LITESTAR_APP"):  # recorded, so main()'s settings are undone
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setattr("sys.argv", ["gitea-assistants", "--help"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"


def test_a_policy_the_user_set_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    share_cpu_with_the_model()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
