"""Prompt patterns at work: an operator's pattern (``GA_PATTERNS_DIR``) replaces a behaviour's
prompt in a real worker run, a pattern copied from Fabric's collection loads and keeps the
behaviour's data layout, and a missing or malformed pattern stops the team, ``up`` and
``serve worker`` before any task runs, naming the file and the fix; ``bench triage`` measures
with the operator's patterns."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from blackboard.database import Database
from blackboard.models import Task
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.generalist import NOTHING
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.pattern_check import check_patterns
from knowledge_sources.patterns import PatternError, Patterns
from knowledge_sources.patterns.loader import SHIPPED_DIR
from knowledge_sources.souls import default_souls_dir, load_souls
from tests.api_client import api
from tests.cli_runner import cli_env, run_cli
from tests.team_helpers import soul, wait_for

FABRIC = Path(__file__).parent / "data" / "fabric"
TEAM = load_souls(default_souls_dir())
OPERATOR_SYSTEM = "# IDENTITY and PURPOSE\n\nYou are the operator's own decider. Be terse."


def write(folder: Path, name: str, system: str, user: str | None = None) -> Path:
    (folder / name).mkdir(parents=True)
    (folder / name / "system.md").write_text(system, encoding="utf-8")
    if user is not None:
        (folder / name / "user.md").write_text(user, encoding="utf-8")
    return folder / name


async def test_an_operator_pattern_replaces_the_prompt_in_a_worker_run(
    board: Board, tmp_path: Path
) -> None:
    write(tmp_path, "generalist_decide", OPERATOR_SYSTEM)  # Fabric style: no user.md
    model = ScriptedModel().script("choose", NOTHING).script("generate", "Nothing is missing.")
    decider = soul("decider", ["goal"])
    team = Team(
        board,
        {"decider": decider},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        patterns_dir=tmp_path,
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            goal = (await client.post("/entries", json={"kind": "goal", "title": "Ship"})).json()

        async def done() -> bool:
            async with board.sessions() as session:
                task = await session.scalar(select(Task).where(Task.entry_id == goal["id"]))
                return task is not None and task.status == "done"

        await wait_for(done, limit_s=60, what="the decider's task")
    finally:
        await team.stop()

    (decided,) = model.calls_to("choose")
    system, user = decided.messages[0], decided.messages[-1]
    assert system.role == "system" and user.role == "user"
    assert system.content.startswith("Calm.\n\n" + OPERATOR_SYSTEM)  # personality, then pattern
    assert "is untrusted data" in system.content  # the fence rule still closes it
    shipped = Patterns().get("generalist_decide")
    assert shipped.system not in system.content
    assert "\n\nWhat do you do with this entry?\n" in user.content  # the shipped layout
    assert "<<<DATA" in user.content and "Ship" in user.content
    (why,) = model.calls_to("generate")  # a step whose pattern was not replaced
    assert Patterns().get("generalist_why").system in why.messages[0].content


def test_a_pattern_from_fabrics_collection_loads_and_keeps_the_behaviours_layout(
    tmp_path: Path,
) -> None:
    fabric = Patterns((FABRIC,)).get("summarize")
    assert fabric.system.startswith("# IDENTITY and PURPOSE")
    assert fabric.user == ""  # Fabric's user.md is empty
    assert Patterns((FABRIC,)).check("summarize") == fabric
    shutil.copytree(FABRIC / "summarize", tmp_path / "generalist_write")
    patterns = Patterns.for_soul(operator_dir=tmp_path)
    written = patterns.check("generalist_write")
    assert written.system == fabric.system
    brief = '<<<DATA t source="x">>>\nthe entry\n<<<END DATA t>>>'
    assert written.render_user(brief=brief) == Patterns().get("generalist_write").render_user(
        brief=brief
    )
    assert check_patterns(TEAM, tmp_path) > len(TEAM)


def test_the_shipped_patterns_cover_every_soul() -> None:
    assert check_patterns(TEAM, None) >= len(TEAM) * 4  # each soul: at least the generalist's
    names = {p.name for p in SHIPPED_DIR.iterdir() if (p / "system.md").is_file()}
    assert {"triager_label", "researcher_draft", "generalist_decide"} <= names


@pytest.mark.parametrize(
    ("name", "system", "user", "says"),
    [
        ("triager_label", "  \n", None, r"triager_label/system.md is empty"),
        ("triager_label", "Rules.", "{{issue}} {{secret}}", r"user.md uses secret, which the"),
        ("researcher_draft", "Rules.", "{{question}} {{ sources-1 }}", r"malformed placeholder"),
        ("generalist_why", "Rules.", "{{brief} why?", r"never closes"),
        ("generalist_decide", "a\x00b", None, r"NUL bytes"),
    ],
)
def test_a_malformed_pattern_is_named_with_the_fix(
    tmp_path: Path, name: str, system: str, user: str | None, says: str
) -> None:
    folder = write(tmp_path, name, system, user)
    with pytest.raises(PatternError, match=says) as caught:
        check_patterns(TEAM, tmp_path)
    message = str(caught.value)
    assert f"needs prompt pattern {name!r}" in message and str(folder) in message
    assert "GA_PATTERNS_DIR" in message  # the fix


def test_a_missing_pattern_or_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"GA_PATTERNS_DIR=.*absent is not a folder"):
        check_patterns(TEAM, tmp_path / "absent")
    own = TEAM["triager"].model_copy(update={"patterns_dir": tmp_path / "mine"})
    with pytest.raises(PatternError, match=r"soul 'triager' names patterns_dir .*mine"):
        check_patterns({"triager": own}, None)
    (tmp_path / "mine").mkdir()
    assert check_patterns({"triager": own}, None) == 6  # triager's 2 + the generalist's 4


def test_a_bad_template_behind_a_system_only_pattern_is_named(tmp_path: Path) -> None:
    own = TEAM["triager"].model_copy(update={"patterns_dir": tmp_path / "soul"})
    write(tmp_path / "soul", "triager_label", "The soul's own rules.")  # keeps the next user.md
    bad = write(tmp_path / "operator", "triager_label", "Rules.", "{{issue}} {{token}}")
    with pytest.raises(PatternError, match=rf"{re.escape(str(bad))}/user\.md uses token"):
        check_patterns({"triager": own}, tmp_path / "operator")


async def test_the_team_refuses_to_start_workers_with_a_bad_pattern(
    board: Board, tmp_path: Path
) -> None:
    write(tmp_path, "generalist_decide", "")
    model = ScriptedModel()
    with pytest.raises(PatternError, match=r"generalist_decide/system\.md is empty"):
        Team(
            board,
            {"decider": soul("decider", ["goal"])},
            model_for=lambda _: model,
            settings=ControlSettings(),
            patterns_dir=tmp_path,
        )
    control_only = Team(
        board,
        {"decider": soul("decider", ["goal"])},
        model_for=lambda _: model,
        settings=ControlSettings(),
        patterns_dir=tmp_path,
        run_workers=False,
    )
    await control_only.queues.close()  # control needs no prompts: it was built
    assert model.calls == []


def test_up_and_serve_worker_stop_before_anything_starts(tmp_path: Path) -> None:
    write(tmp_path / "patterns", "triager_duplicate", "Rules.", "{{issue}} {{earlier}} {{x}}")
    env = cli_env(GA_PATTERNS_DIR=str(tmp_path / "patterns"), GA_DATA_DIR=str(tmp_path / "data"))
    for args in (("up",), ("serve", "worker", "--agent", "triager")):
        done = run_cli(*args, env=env, timeout=60)
        assert done.returncode == 1, done.stdout + done.stderr
        said = " ".join(done.stderr.split())
        needs = "soul 'triager' (behaviour 'triager') needs prompt pattern 'triager_duplicate'"
        assert needs in said
        assert "user.md uses x, which the behaviour does not fill" in said
    assert not (tmp_path / "data").exists()  # no database was started


def test_bench_triage_measures_with_the_operators_patterns(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    write(tmp_path, "triager_label", "# IDENTITY and PURPOSE\n\nLabel like our team does.")
    env = cli_env(
        DATABASE_URL=fresh_database().uri,
        GA_EMBEDDER="hashing",
        GA_MODEL_PROVIDER="scripted",
        GA_PATTERNS_DIR=str(tmp_path),
    )
    done = run_cli("bench", "triage", "--json", "--limit", "2", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["issues"] == 2
    assert report["patterns"] == [
        str(tmp_path / "triager_label"),
        str(SHIPPED_DIR / "triager_duplicate"),
    ]
