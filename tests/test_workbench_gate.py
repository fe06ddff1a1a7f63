"""The gate after each edit: a parse failure refuses the edit, a failing check is reported
(trimmed) and can be undone, and the subprocess runner kills a check over its time."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from knowledge_sources.workbench.checks import CheckCommand, SubprocessCheckRunner
from knowledge_sources.workbench.gate import Gate, trim
from knowledge_sources.workbench.parse_check import parse_error
from tests.workbench_support import SHAPES, make_workbench

RUFF = CheckCommand(
    name="ruff",
    argv=[sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "{files}"],
    timeout_s=60,
)


@pytest.mark.parametrize(
    ("path", "old", "new", "said"),
    [
        ("pkg/shapes.py", "def grow(self, by):", "def grow(self, by)", "Python syntax error"),
        ("config.json", '"size": 3}', '"size": 3,}', "config.json:1:28: JSON error"),
        ("config.yaml", "  - b", "  - b\n - c", "config.yaml: YAML error"),
        ("pyproject.toml", 'name = "demo"', 'name = "demo', "pyproject.toml: TOML error"),
    ],
)
async def test_an_edit_that_breaks_parsing_is_refused(
    tmp_path: Path, path: str, old: str, new: str, said: str
) -> None:
    bench = make_workbench(tmp_path)
    before = (tmp_path / path).read_bytes()
    result = await bench.search_replace(path, old, new)
    assert not result.ok
    assert result.output.startswith("refused, the file would not parse:")
    assert said in result.output
    assert result.gate is not None and result.gate.stage == "parse"
    assert (tmp_path / path).read_bytes() == before
    assert bench.journal.entries == []


async def test_a_failing_check_is_shown_and_the_edit_can_be_undone(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path, Gate(checks=[RUFF]))
    good = await bench.search_replace("pkg/shapes.py", "self.side * 2", "self.side**2")
    assert good.ok, good.output
    assert good.output.endswith("gate: parses; ruff passed")
    bad = await bench.insert_lines("pkg/shapes.py", 2, "import os\n")
    assert not bad.ok
    assert "the gate failed — revise the edit or undo it" in bad.output
    assert "check 'ruff' failed (exit 1)" in bad.output
    assert "F401" in bad.output and "pkg/shapes.py" in bad.output
    assert bench.last_gate is not None and not bench.last_gate.passed
    assert "import os" in (tmp_path / "pkg/shapes.py").read_text()  # kept, to revise or undo
    undone = await bench.undo()
    assert undone.ok and bench.last_gate.passed
    assert (tmp_path / "pkg/shapes.py").read_text() == SHAPES.replace("side * 2", "side**2")


async def test_a_check_over_its_time_is_killed(tmp_path: Path) -> None:
    sleeper = CheckCommand(
        name="slow", argv=[sys.executable, "-c", "import time; time.sleep(30)"], timeout_s=0.5
    )
    bench = make_workbench(tmp_path, Gate(checks=[sleeper]))
    started = time.monotonic()
    result = await bench.create_file("pkg/new.py", "X = 1\n")
    assert time.monotonic() - started < 10
    assert not result.ok
    assert "check 'slow' failed (timed out)" in result.output
    assert "killed after 0.5 s" in result.output


async def test_a_missing_check_program_fails_the_gate_clearly(tmp_path: Path) -> None:
    runner = SubprocessCheckRunner()
    outcome = await runner.run(["/nonexistent/ruff"], tmp_path, 5)
    assert not outcome.passed
    assert "cannot start '/nonexistent/ruff'" in outcome.output


async def test_long_check_output_is_trimmed_keeping_head_and_tail(tmp_path: Path) -> None:
    noisy = CheckCommand(
        name="noisy",
        argv=[sys.executable, "-c", "print('HEAD'); print('x' * 20000); print('TAIL'); exit(3)"],
    )
    bench = make_workbench(tmp_path, Gate(checks=[noisy], max_report_chars=1000))
    result = await bench.create_file("notes.txt", "hello\n")
    assert result.gate is not None
    report = result.gate.report
    assert len(report) < 1100
    assert "HEAD" in report and "TAIL" in report and "characters cut" in report
    assert trim("short") == "short"


def test_parse_check_passes_good_files_and_ignores_unknown_kinds() -> None:
    assert parse_error("a.py", "x = 1\n") is None
    assert parse_error("a.yml", "a: [1, 2]\n") is None
    assert parse_error("notes.txt", "def (((") is None
    assert parse_error("a.py", "def (((") is not None


async def test_a_file_broken_before_can_be_repaired_step_by_step(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    (tmp_path / "broken.py").write_text("def f(:\n    return 1\n")
    step = await bench.search_replace("broken.py", "    return 1", "    return 2")
    assert not step.ok and "the gate failed" in step.output  # still broken, but kept
    assert "return 2" in (tmp_path / "broken.py").read_text()
    fixed = await bench.search_replace("broken.py", "def f(:", "def f():")
    assert fixed.ok, fixed.output
    assert bench.last_gate is not None and bench.last_gate.passed
