"""``board`` and ``tasks list`` in an 80-column terminal (issue 15, item 9): the real CLI
against a real ``up``, with long titles, reasons and errors; every row stays on one line."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.cli_runner import run_cli
from tests.test_cli_first_hour import running_up

LONG_TITLE = "How does the deployment rotate its signing keys when a maintainer leaves the team"
LONG_REASON = "Answer the question with citations from the deployment guide and the runbooks " * 3


def _lines_of(output: str, marker: str) -> list[str]:
    return [line for line in output.splitlines() if marker in line]


def test_board_and_tasks_fit_80_columns(tmp_path: Path) -> None:
    with running_up(tmp_path, "--no-agents") as (base, env):
        narrow = {**env, "COLUMNS": "80"}
        posted = run_cli("post", LONG_TITLE, "--json", env=narrow)
        assert posted.returncode == 0, posted.stderr
        token = (tmp_path / "api-token").read_text().strip()
        created = httpx.post(
            f"{base}/tasks",
            headers={"Authorization": f"Bearer {token}"},
            json={"agent": "researcher", "reason": LONG_REASON, "priority": 0.5},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        task_id = created.json()["id"]

        board = run_cli("board", env=narrow)
        assert board.returncode == 0, board.stderr
        tasks = run_cli("tasks", "list", env=narrow)
        assert tasks.returncode == 0, tasks.stderr

    for output in (board.stdout, tasks.stdout):
        too_wide = [line for line in output.splitlines() if len(line) > 80]
        assert not too_wide, "\n".join(too_wide)
    # the entry's row: one line, title cut with an ellipsis, its kind and status whole
    rows = _lines_of(board.stdout, "How does the deployment")
    assert len(rows) == 1, board.stdout
    assert "…" in rows[0] and "question" in rows[0] and "open" in rows[0]
    assert not _lines_of(board.stdout, "maintainer leaves")  # no wrapped rest of the title
    # the task's row: one line, the whole agent and status, the reason cut
    rows = [line for line in tasks.stdout.splitlines() if line.split()[:1] == [str(task_id)]]
    assert len(rows) == 1, tasks.stdout
    assert "researcher" in rows[0] and "0.50" in rows[0] and "Answer the" in rows[0]
    assert "…" in rows[0]
    assert len(_lines_of(tasks.stdout, "runbooks")) == 0  # nothing wrapped onto more lines
