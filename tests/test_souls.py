"""Souls: the default team loads and is well formed; bad files fail with errors that name the
file and the field; trigger semantics, rights and secrets by environment variable name."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.souls import (
    Action,
    Soul,
    SoulError,
    SoulsInvalidError,
    Trigger,
    default_souls_dir,
    load_soul,
    load_souls,
)

REPO_SOULS = Path(__file__).resolve().parent.parent / "souls"

GOOD = """---
name: {name}
role: Test specialist
summary: Writes tests that fail before the fix and pass after it.
personality: Careful and brief.
skills:
  - pytest
  - regression tests
model:
  provider: ollama
  name: qwen2.5:7b-instruct
  options: {{temperature: 0.2}}
triggers:
  - kinds: [task, gitea_issue]
    labels: [bug]
    min_similarity: 0.3
actions: [comment, open_pr]
telegram_token_env: GA_TELEGRAM_TOKEN_TESTER
rounds: {{research: 1, refinement: 3}}
---
# Test specialist

I write focused regression tests for reported bugs, one failing test per report.
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_team_loads() -> None:
    souls = load_souls(REPO_SOULS)
    assert set(souls) == {
        "researcher",
        "planner",
        "triager",
        "doc-writer",
        "reviewer",
        "coder",
        "pgvector-specialist",
        "migrations-specialist",
    }
    envs = [s.telegram_token_env for s in souls.values()]
    assert len(set(envs)) == len(envs)
    for soul in souls.values():
        assert soul.source == REPO_SOULS / f"{soul.name}.md"
        assert len(soul.skills) >= 4
        assert len(soul.resume) > 800, f"{soul.name}: the résumé is too thin to match work"
        assert soul.triggers, f"{soul.name} has no trigger"
        assert soul.actions, f"{soul.name} may do nothing"
        assert soul.skills[0] in soul.skills_text and soul.role in soul.skills_text
        assert soul.telegram_token_env and soul.telegram_token_env.startswith("GA_TELEGRAM_")
    assert souls["researcher"].rounds.refinement >= 2
    assert souls["researcher"].may(Action.WIKI) and not souls["researcher"].may("open_pr")
    assert souls["coder"].may("open_pr") and souls["reviewer"].may("review")
    assert not souls["coder"].may("merge")


def test_default_dir_is_the_repo_souls_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GA_SOULS_DIR", raising=False)
    assert default_souls_dir() == REPO_SOULS
    assert (default_souls_dir() / "souls.md").is_file()
    monkeypatch.setenv("GA_SOULS_DIR", str(tmp_path))
    write(tmp_path, "tester", GOOD.format(name="tester"))
    assert list(load_souls(ModelSettings().souls_dir)) == ["tester"]


def test_a_good_file(tmp_path: Path) -> None:
    soul = load_soul(write(tmp_path, "tester", GOOD.format(name="tester")))
    assert isinstance(soul, Soul)
    assert soul.model.label == "ollama:qwen2.5:7b-instruct"
    assert soul.model.options == {"temperature": 0.2}
    assert soul.triggers[0].kinds == ["task", "gitea_issue"]
    assert soul.rounds.refinement == 3
    assert soul.resume.startswith("# Test specialist")
    assert "source" not in soul.model_dump()


def test_minimal_file_gets_defaults(tmp_path: Path) -> None:
    text = """---
name: minimal
role: Helper
summary: Helps.
personality: Quiet.
skills: [helping]
---
A helper that helps with whatever the team needs help with, quietly and well.
"""
    soul = load_soul(write(tmp_path, "minimal", text))
    assert soul.model.provider == "smollm2"
    assert soul.triggers == [] and soul.actions == [] and soul.telegram_token_env is None
    assert soul.rounds.research == 1 and soul.enabled


def replace(old: str, new: str) -> str:
    text = GOOD.format(name="tester")
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (replace("name: tester\n", ""), "name", "Field required"),
        (replace("provider: ollama", "provider: olama"), "model.provider", "olama"),
        (replace("name: qwen2.5:7b-instruct", "name: ''"), "model", "needs a model name"),
        (replace("[task, gitea_issue]", "[task, ticket]"), "triggers.0.kinds.1", "ticket"),
        (replace("[comment, open_pr]", "[comment, merge]"), "actions.1", "merge"),
        (
            replace("min_similarity: 0.3", "min_similarity: 1.5"),
            "triggers.0.min_similarity",
            "less than or equal to 1",
        ),
        (
            replace("GA_TELEGRAM_TOKEN_TESTER", "'123456789:AAHfake-token-looking-string_xyz'"),
            "telegram_token_env",
            "looks like a Telegram bot token",
        ),
        (
            replace("GA_TELEGRAM_TOKEN_TESTER", "telegram_token"),
            "telegram_token_env",
            "environment variable NAME",
        ),
        (replace("skills:\n", "skils:\n"), "skils", "Extra inputs are not permitted"),
        (
            replace("rounds: {research: 1, refinement: 3}", "rounds: {research: 99}"),
            "rounds.research",
            "less than or equal to 10",
        ),
        (replace("name: tester", "name: Tester Bot"), "name", "should match pattern"),
    ],
)
def test_bad_fields_name_the_file_and_field(
    tmp_path: Path, text: str, field: str, message: str
) -> None:
    path = write(tmp_path, "tester", text)
    with pytest.raises(SoulError) as caught:
        load_soul(path)
    error = caught.value
    assert error.path == path
    assert any(f == field and message in m for f, m in error.problems), error.problems
    assert str(path) in str(error) and field in str(error)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: tester\n", "must open with a '---' line"),
        ("---\nname: tester\nrole: x\n", "not closed"),
        ("---\nname: [unclosed\n---\nbody", "not valid YAML"),
        ("---\n- a list\n---\nbody", "must be a YAML mapping"),
    ],
)
def test_malformed_front_matter(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SoulError, match=message):
        load_soul(write(tmp_path, "tester", text))


def test_body_is_the_resume(tmp_path: Path) -> None:
    short = GOOD.format(name="tester").split("# Test specialist")[0] + "Too short."
    with pytest.raises(SoulError) as caught:
        load_soul(write(tmp_path, "tester", short))
    assert caught.value.problems[0][0] == "resume"
    as_field = replace("role: Test specialist", "role: Test specialist\nresume: hi")
    with pytest.raises(SoulError, match="markdown body"):
        load_soul(write(tmp_path, "tester", as_field))


def test_name_must_match_the_file(tmp_path: Path) -> None:
    with pytest.raises(SoulError, match="does not match the file name"):
        load_soul(write(tmp_path, "other", GOOD.format(name="tester")))


def test_directory_errors_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path, "tester", GOOD.format(name="tester"))
    write(tmp_path, "broken", GOOD.format(name="broken").replace("provider: ollama", "provider: x"))
    write(tmp_path, "empty", "")
    (tmp_path / f"{tmp_path.name}.md").write_text("# this directory", encoding="utf-8")
    (tmp_path / "README.md").write_text("# readme", encoding="utf-8")
    with pytest.raises(SoulsInvalidError) as caught:
        load_souls(tmp_path)
    assert [e.path.name for e in caught.value.errors] == ["broken.md", "empty.md"]
    assert "2 invalid soul files" in str(caught.value)
    (tmp_path / "broken.md").unlink()
    (tmp_path / "empty.md").unlink()
    assert list(load_souls(tmp_path)) == ["tester"]
    with pytest.raises(SoulsInvalidError, match="no such souls directory"):
        load_souls(tmp_path / "missing")


def test_trigger_semantics() -> None:
    trigger = Trigger.model_validate({"kinds": ["gitea_issue"], "labels": ["bug", "crash"]})
    assert trigger.admits("gitea_issue", set(), {"crash", "ui"})
    assert not trigger.admits("gitea_issue", set(), {"ui"})
    assert not trigger.admits("question", set(), {"bug"})
    anything = Trigger()
    assert anything.admits("goal", set(), set())
    tagged = Trigger.model_validate({"tags": ["research"]})
    assert tagged.admits("task", {"research", "x"}, set())
    assert not tagged.admits("task", set(), set())


def test_telegram_token_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soul = load_soul(write(tmp_path, "tester", GOOD.format(name="tester")))
    monkeypatch.delenv("GA_TELEGRAM_TOKEN_TESTER", raising=False)
    assert soul.telegram_token() is None
    monkeypatch.setenv("GA_TELEGRAM_TOKEN_TESTER", "123:secret")
    token = soul.telegram_token()
    assert token is not None and token.get_secret_value() == "123:secret"
    assert "secret" not in repr(soul) and "secret" not in soul.model_dump_json()
