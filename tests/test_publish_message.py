"""What ``publish`` decides before the outbox: the commit message a model writes (cleaned and
bounded, fallbacks when it writes nothing), nothing over a failing gate unless the soul allows
it, nothing for no change."""

from __future__ import annotations

from pathlib import Path

import pytest

from blackboard.models import Task
from blackboard.runtime import Board
from knowledge_sources.contributions import Decision, NewAction
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.patterns import Patterns
from knowledge_sources.source import Context
from knowledge_sources.workbench.checkout import Checkout, prepare_checkout
from knowledge_sources.workbench.commit_message import (
    MAX_BODY_CHARS,
    clean_body,
    clean_subject,
    write_commit_message,
)
from knowledge_sources.workbench.gate import GateResult
from knowledge_sources.workbench.publish import publish
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.publish_support import coder_soul, commit_model

FAILED = GateResult(False, "checks", "check 'ruff' failed (exit 1):\nE501 line too long")

pytestmark = pytest.mark.usefixtures("no_violations")


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "docs")
    seed.add_files(standin, repo, {"guide.md": "# Guide\n"})
    return standin


@pytest.fixture
def checkout(gitea: StandinGitea, tmp_path: Path) -> Checkout:
    return prepare_checkout(settings_for(gitea), tmp_path, 5, "Explain setup", "acme/docs")


def test_subjects_are_one_clean_bounded_line() -> None:
    assert clean_subject('  "docs(guide): Explain the setup."\nmore', 60) == "Explain the setup"
    assert clean_subject("**fix!: stop the crash**", 60) == "stop the crash"
    long = clean_subject("word " * 40, 30)
    assert len(long) <= 30 and long.endswith("word")
    assert clean_subject("\n \n", 60) == ""
    assert clean_subject('<<<DATA 1f source="x"\nAdd the guide', 60) == "Add the guide"
    assert clean_subject("# OUTPUT\nAdd the guide", 60, "# OUTPUT\nOne line only.") == (
        "Add the guide"
    )


def test_bodies_keep_paragraphs_and_drop_echoes_and_loops() -> None:
    text = "First  reason,\nwrapped.\n\n<<<DATA 1f>>>\nSecond paragraph."
    assert clean_body(text) == "First reason, wrapped.\n\nSecond paragraph."
    assert clean_body("The diff: - " * 30) == ""
    copied = "# OUTPUT\n\nTwo to four plain sentences. No headings.\n\nIt now adds."
    assert clean_body(copied, "# OUTPUT\nTwo to four plain sentences. No headings.") == (
        "It now adds."
    )
    long = clean_body(" ".join(f"word{n}" for n in range(400)))
    assert long.endswith(" ...") and len(long) <= MAX_BODY_CHARS + 4


async def test_an_empty_answer_falls_back_to_the_title_and_the_reason() -> None:
    model = ScriptedModel(strict=True).script("choose", "docs").script("generate", "", "  ")
    message = await write_commit_message(
        model, Patterns(), diff="+x", why="People could not set it up.", title="Explain setup"
    )
    assert message.text() == "docs: Explain setup\n\nPeople could not set it up.\n"
    assert len(model.calls_to("choose")[0].choices or ()) == 10
    assert "<<<DATA" in model.calls_to("generate")[0].prompt


async def test_no_change_and_a_failing_gate_commit_nothing(
    board: Board, checkout: Checkout
) -> None:
    soul = coder_soul("writer", "goal")
    context = Context(board, soul, commit_model(), Task(id=41, agent="writer"))
    (nothing,) = await publish(context, checkout, title="t", why="w")
    assert isinstance(nothing, Decision) and nothing.decision == "nothing to commit"

    (checkout.root / "guide.md").write_text("# Guide\n\nRun `up`.\n")
    (refused,) = await publish(context, checkout, title="t", why="w", gate=FAILED)
    assert isinstance(refused, Decision) and "git.commit_failing_gate" in refused.why
    assert "E501" in refused.why


async def test_a_soul_may_commit_over_a_failing_gate_and_the_pull_request_says_so(
    board: Board, checkout: Checkout
) -> None:
    soul = coder_soul("writer", "goal", git={"commit_failing_gate": True})
    context = Context(board, soul, commit_model(), Task(id=42, agent="writer", entry_id=7))
    (checkout.root / "guide.md").write_text("# Guide\n\nRun `up`.\n")
    commit, pull = await publish(
        context,
        checkout,
        title="Explain setup",
        why="Setup was unclear.",
        gate=FAILED,
        extra_body="Sources: docs/deploy.md",
    )
    assert isinstance(commit, NewAction) and isinstance(pull, NewAction)
    assert commit.payload["files"] == {"guide.md": "# Guide\n\nRun `up`.\n"}
    assert commit.payload["author"] == {
        "name": "writer",
        "email": "writer@gitea-assistants.invalid",
    }
    (chosen,) = commit.payload["decisions"]
    assert (chosen["decision"], chosen["chosen"], len(chosen["options"])) == (
        "commit type",
        "fix",
        10,
    )
    body = pull.payload["body"]
    assert "Gate: **failed** at the checks stage" in body and "E501 line too long" in body
    assert "Board task: #42 (entry #7), by writer." in body
    assert body.endswith("Sources: docs/deploy.md")
