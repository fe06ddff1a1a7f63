"""Making a plan without the board: step titles read from what models write (a small model's
ramble included), the goal's own sentences when nothing is usable, and the whole planning path
through outlines with a tiny random model, whose every decision must still be one of the
options it was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from knowledge_sources.models import ModelConfig, make_provider
from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.patterns import Patterns
from knowledge_sources.planner.planning import MAX_STEPS, NONE, Goal, Planning
from knowledge_sources.planner.steps import sentences_of, titles_from
from knowledge_sources.planner.team import Team
from tests.test_models_outlines import build_tiny_model

TEAM = ("coder", "doc-writer", "researcher")


def test_titles_are_read_from_bullets_numbers_and_step_prefixes() -> None:
    written = (
        "Here is the plan:\n"
        "1. Measure the search on a big notebook\n"
        "- **Add an index on note titles**\n"
        "Step 3: Document the new index.\n"
        "2) Measure the search on a big notebook\n"
        "\n"
        "ok\n"
    )
    assert titles_from(written, 6) == [
        "Here is the plan",
        "Measure the search on a big notebook",
        "Add an index on note titles",
        "Document the new index",
    ]
    assert len(titles_from("\n".join(f"- do thing {n}" for n in range(20)), 6)) == 6


def test_a_ramble_without_lines_gives_no_titles_and_the_goal_sentences_stand_in() -> None:
    assert titles_from("a", 6) == [] and titles_from(" ".join(["word"] * 60), 6) == []
    echoed = "<<<DATA d73630d511bf63eb><<<END DATA d73630d511bf63eb>>>>\nThe goal: >>> here"
    assert titles_from(echoed, 6) == []  # what SmolLM2-135M wrote: the prompt's fences
    goal = "Make search fast. Add an index! Document it? ok"
    assert sentences_of(goal, 6) == ["Make search fast", "Add an index", "Document it"]


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tiny-planner")
    build_tiny_model(directory)
    return directory


async def test_a_tiny_random_model_still_makes_a_valid_plan(tiny_dir: Path) -> None:
    model = make_provider(ModelConfig(provider="outlines", name=str(tiny_dir)), ModelSettings())
    embedder = SharedEmbedder(HashingEmbedder(64))
    skills = dict(zip(TEAM, embedder.embed([f"{n} work" for n in TEAM]), strict=True))
    planning = Planning(
        model=model,
        patterns=Patterns(),
        personality="Calm.",
        goal=Goal("Make note search fast", "Index note titles. Document the index.", "a test"),
        team=Team(TEAM, {n: n.title() for n in TEAM}, skills),
        embedder=embedder,
    )
    accepted = await planning.accept()
    assert accepted.chosen in accepted.options
    plan = await planning.plan(accepted)
    assert 1 <= len(plan.steps) <= MAX_STEPS
    for step in plan.steps:
        assert step.agent in TEAM and step.title and step.done_means
        assert step.depends_on is None or 1 <= step.depends_on < step.number
    for decision in plan.decisions:
        assert decision.chosen in decision.options, decision
    assert {d.decision for d in plan.decisions} >= {"plan this goal?", "steps", "who does step 1"}
    assert NONE in next(
        (d.options for d in plan.decisions if d.decision.startswith("what step")), [NONE]
    )
    await model.aclose()
