"""A soul file's ``schedule:`` is checked when the souls are read: a cron expression croniter
cannot read, an unknown scan, or a teammate not on the team is an error naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge_sources.souls import load_souls
from knowledge_sources.souls.errors import SoulsInvalidError
from knowledge_sources.souls.loader import default_souls_dir
from knowledge_sources.souls.schedule import ScanName

SHIPPED = {
    "triager": [ScanName.UNTRIAGED_ISSUES],
    "researcher": [ScanName.UNANSWERED_QUESTIONS],
    "planner": [ScanName.GOALS_WITHOUT_PLAN],
    "reviewer": [ScanName.UNREVIEWED_PULLS],
}


def test_the_shipped_souls_scan_their_own_fields() -> None:
    souls = load_souls()
    for name, scans in SHIPPED.items():
        schedule = souls[name].schedule
        assert schedule is not None, name
        assert [s.scan for s in schedule.scans] == scans
        assert schedule.daily_tasks > 0 and schedule.daily_model_s > 0


def _with_schedule(tmp_path: Path, block: str) -> Path:
    """The shipped souls, the triager's schedule replaced by ``block``."""
    folder = tmp_path / "souls"
    shutil.copytree(default_souls_dir(), folder)
    triager = folder / "triager.md"
    text = triager.read_text()
    start = text.index("schedule:")
    end = text.index("\n", text.index("daily_model_s:", start))
    triager.write_text(text[:start] + block + text[end:])
    return folder


@pytest.mark.parametrize(
    ("block", "said"),
    [
        (
            "schedule:\n  cron: every half hour\n  scans: [untriaged_issues]",
            "is not a cron expression (five fields, e.g. '*/30 * * * *'",
        ),
        ("schedule:\n  cron: '*/5 * * * *'\n  scans: [everything]", "schedule.scans.0.scan"),
        (
            "schedule:\n  cron: '*/5 * * * *'\n  scans: [{scan: missing_docs, to: nobody}]",
            "schedule.scans.to: 'nobody' is not on the team (known: coder, doc-writer",
        ),
        (
            "schedule:\n  cron: '*/5 * * * *'\n  scans: [untriaged_issues]\n  daily_tasks: -1",
            "schedule.daily_tasks",
        ),
    ],
)
def test_a_wrong_schedule_is_an_error_naming_the_file(
    tmp_path: Path, block: str, said: str
) -> None:
    with pytest.raises(SoulsInvalidError) as raised:
        load_souls(_with_schedule(tmp_path, block))
    message = str(raised.value)
    assert "triager.md" in message
    assert said in message
