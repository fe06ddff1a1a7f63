"""Behaviours picked by name in a soul's file: routing by entry kind, unknown names refused,
the implicit behaviour of a soul's own name; prompt patterns found in Fabric's layout, a soul's
or the operator's folder first, malformed ones refused with the file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from blackboard.models import Entry
from knowledge_sources.behaviours import BehaviourRouter, UnknownBehaviourError
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.patterns import PatternError, Patterns
from knowledge_sources.registry import build_registry
from knowledge_sources.researcher.source import ResearcherSource
from knowledge_sources.souls import Soul, default_souls_dir, load_souls
from knowledge_sources.triager.source import TriagerSource

TEAM = load_souls(default_souls_dir())


def soul(name: str, behaviours: list[str]) -> Soul:
    return TEAM["researcher"].model_copy(update={"name": name, "behaviours": behaviours})


def test_a_soul_routes_each_entry_kind_to_the_first_behaviour_that_handles_it() -> None:
    registry = build_registry({"db": soul("db", ["triager", "researcher"])})
    router = registry["db"]
    assert isinstance(router, BehaviourRouter)
    assert isinstance(router.source_for(Entry(kind="gitea_issue")), TriagerSource)
    assert isinstance(router.source_for(Entry(kind="question")), ResearcherSource)


def test_a_soul_without_behaviours_gets_its_own_name_or_the_generalist() -> None:
    registry = build_registry(
        {"triager": TEAM["triager"], "nobody": soul("nobody", [])},
    )
    triager = registry["triager"]
    assert isinstance(triager, BehaviourRouter)
    assert isinstance(triager.source_for(Entry(kind="gitea_pull")), GeneralistSource)
    assert isinstance(registry["nobody"], GeneralistSource)


def test_an_unknown_behaviour_is_refused_by_name() -> None:
    with pytest.raises(UnknownBehaviourError, match=r"'reveiwer'.*known: .*researcher"):
        build_registry({"x": soul("x", ["reveiwer"])})


def write_pattern(folder: Path, name: str, system: str, user: str | None = None) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "system.md").write_text(system, encoding="utf-8")
    if user is not None:
        (folder / name / "user.md").write_text(user, encoding="utf-8")


def test_the_first_folder_holding_a_pattern_wins(tmp_path: Path) -> None:
    soul_dir, operator_dir = tmp_path / "soul", tmp_path / "operator"
    write_pattern(operator_dir, "greet", "# IDENTITY\nOperator's.", "Hello {{who}}.")
    patterns = Patterns.for_soul(soul_dir, operator_dir)
    assert patterns.get("greet").system == "# IDENTITY\nOperator's."
    assert patterns.get("greet").render_user(who="Ada") == "Hello Ada."
    write_pattern(soul_dir, "greet", "Soul's.")
    assert patterns.get("greet").system == "Soul's."
    assert patterns.get("greet").user == ""


def test_bad_patterns_are_clear_errors(tmp_path: Path) -> None:
    patterns = Patterns.for_soul(tmp_path)
    with pytest.raises(PatternError, match="no pattern 'absent'"):
        patterns.get("absent")
    write_pattern(tmp_path, "empty", "  \n")
    with pytest.raises(PatternError, match=r"empty/system.md is empty"):
        patterns.get("empty")
    write_pattern(tmp_path, "binary", "a\x00b")
    with pytest.raises(PatternError, match="NUL"):
        patterns.get("binary")
    write_pattern(tmp_path, "holes", "System.", "Fill {{this}} and {{that}}.")
    with pytest.raises(PatternError, match="uses that, this"):
        patterns.get("holes").render_user()
    with pytest.raises(PatternError, match="not a pattern name"):
        patterns.get("../escape")
