"""The agents' decisions in the web view and the API, and a person's correction as feedback: the
triager labels an issue on the stand-in Gitea; its labels coming back on the next sync are no
correction; a person removing that label and adding another is seen on the sync after and
recorded on the decision, shown on the record's page and the issue's page (escaped); a webhook's
label change says who made it; the generalist's choice shows on the page of the entry it
worked on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.sync import Mirror
from ingest.gitea.webhooks.events import store_event
from knowledge_sources.generalist import CONTRIBUTE, NOTHING
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from knowledge_sources.triager.decide import NONE
from tests.api_client import TOKEN, api
from tests.gitea_standin import webhooks
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import soul, wait_for
from tests.triager_helpers import (
    mirror_sync,
    rows,
    run_outbox,
    running_team,
    scripted_model,
    seed_repo,
    settled,
    triage_records,
)

pytestmark = [pytest.mark.usefixtures("no_violations")]
Client = AsyncTestClient[Litestar]


async def _signed_in(client: Client) -> None:
    login = (await client.get("/ui/login")).text
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', login)
    assert csrf is not None
    signed = await client.post("/ui/login", data={"token": TOKEN, "_csrf_token": csrf[1]})
    assert signed.status_code == 200, signed.text


def _table(html: str) -> list[list[str]]:
    """The decisions table's rows as cell texts (tags stripped, entities left as they are)."""
    table = re.search(r'<table id="decisions">(.*?)</table>', html, re.DOTALL)
    assert table is not None, "no decisions table on the page"
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr class=\"decision-row[^\"]*\">(.*?)</tr>", table[1], re.DOTALL)
    ]


async def _sync(board: Board, server: StandinGitea) -> SyncReport:
    settings = settings_for(server)
    async with GiteaClient(settings) as client:
        return await Mirror(board, GiteaAPI(client), settings).run()


def _kind(record: Entry) -> dict[str, Any]:
    decision: dict[str, Any] = next(
        d for d in record.meta["decisions"] if d["decision"] == "kind label"
    )
    return decision


async def test_a_removed_label_is_feedback_on_the_triagers_decision(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    repo = seed_repo(standin, "notes", issues=1)
    async with running_team(board, load_souls()["triager"], scripted_model()):
        await mirror_sync(board, standin)
        await wait_for(settled(board, 1), limit_s=60, what="the issue triaged")
    await run_outbox(board, standin)
    names = {lab.name: lab.id for lab in repo.labels.values()}
    issue = repo.issues[1]
    assert issue.labels == [names["kind/bug"]]

    await mirror_sync(board, standin)  # the triager's own label comes back: no correction
    (record,) = await triage_records(board)
    assert "feedback" not in _kind(record)

    # a later contribution under the issue records a choice that is not about labels
    (issue_entry,) = await rows(board, Entry, Entry.kind == "gitea_issue")
    later = {"decision": "what to do", "options": ["contribute"], "chosen": "contribute"}
    async with api(board) as client:
        posted = await client.post(
            "/entries",
            json={
                "kind": "contribution",
                "title": "A note",
                "parent_id": issue_entry.id,
                "meta": {"decisions": [later]},
            },
        )
        assert posted.status_code == 201, posted.text

    # a person disagrees: not a bug, a feature request
    issue.labels = [names["kind/feature"]]
    issue.updated = standin.state.clock.tick()
    assert (await _sync(board, standin)).corrections == 2
    assert (await _sync(board, standin)).corrections == 0  # seen again: recorded once
    (record,) = await triage_records(board)
    kind = _kind(record)
    assert kind["chosen"] == "kind/bug"
    changes = [(f["change"], f["label"]) for f in kind["feedback"]]
    assert changes == [("removed", "kind/bug"), ("added", "kind/feature")]
    at = kind["feedback"][0]["at"]
    assert at and at.startswith(str(issue.updated.year)) and kind["feedback"][0]["seen_at"]
    priority = next(d for d in record.meta["decisions"] if d["decision"] == "priority label")
    assert priority["chosen"] == NONE and "feedback" not in priority

    async with api(board) as client:
        shown = (await client.get(f"/entries/{record.id}")).json()
        assert _kind(Entry(meta=shown["meta"]))["feedback"] == kind["feedback"]
        await _signed_in(client)
        on_record = _table((await client.get(f"/ui/entries/{record.id}")).text)
        on_issue = _table((await client.get(f"/ui/entries/{issue_entry.id}")).text)
        live = _table((await client.get(f"/ui/entries/{issue_entry.id}/related")).text)
    assert on_record == on_issue[1:] == live[1:]  # the note's row first: it is newer
    assert on_issue[0][:3] == ["what to do", "contribute", "contribute"]
    row = next(r for r in on_issue if r[0] == "kind label")
    assert row[1] == "kind/bug, kind/feature, none" and row[2] == "kind/bug"
    assert "chose among the repository's 2 kind labels" in row[3].replace("&#39;", "'")
    assert row[4] == f"a person removed kind/bug ({at}); a person added kind/feature ({at})"
    assert next(r for r in on_issue if r[0] == "priority label")[4] == ""

    # the person puts the bug label back through Gitea, whose webhook names them
    alice = standin.state.add_user("alice")
    issue.labels = [names["kind/feature"], names["kind/bug"]]
    issue.updated = standin.state.clock.tick()
    payload = webhooks.issue_payload(repo, issue, "label_updated", alice, standin.url)
    await store_event(board, settings_for(standin), "issues", payload)
    (record,) = await triage_records(board)
    assert [(f["change"], f["by"]) for f in _kind(record)["feedback"]] == [
        ("removed", None),
        ("added", None),
    ]  # the bug label it chose is back: agreeing with the triager is no correction
    issue.labels = [names["kind/bug"], names["priority/high"]]
    issue.updated = standin.state.clock.tick()
    payload = webhooks.issue_payload(repo, issue, "label_updated", alice, standin.url)
    await store_event(board, settings_for(standin), "issues", payload)
    (record,) = await triage_records(board)
    (high,) = next(d for d in record.meta["decisions"] if d["decision"] == "priority label")[
        "feedback"
    ]
    assert (high["change"], high["label"], high["by"]) == ("added", "priority/high", "alice")


async def test_decision_text_is_escaped_in_the_web_view(board: Board) -> None:
    evil = "<script>alert(1)</script>"
    async with api(board) as client:
        issue = (await client.post("/entries", json={"kind": "goal", "title": "A goal"})).json()
        record = {
            "kind": "contribution",
            "title": "Plan",
            "parent_id": issue["id"],
            "meta": {
                "decisions": [
                    {"decision": evil, "options": [evil, "b"], "chosen": "b", "reason": evil},
                    "not a decision",
                ]
            },
        }
        assert (await client.post("/entries", json=record)).status_code == 201
        await _signed_in(client)
        page = (await client.get(f"/ui/entries/{issue['id']}")).text
    assert "<script>alert" not in page
    (row,) = _table(page)  # the malformed decision is left out
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert row == [escaped, f"{escaped}, b", "b", escaped, ""]


async def test_the_generalists_choice_is_on_its_contribution_and_the_entrys_page(
    board: Board,
) -> None:
    model = ScriptedModel("chooser", strict=False)  # the first option: contribute, for any entry
    team = Team(
        board,
        {"helper": soul("helper", ["goal"])},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            goal = (await client.post("/entries", json={"kind": "goal", "title": "Ship"})).json()

        async def contributed() -> bool:
            return bool(await rows(board, Entry, Entry.parent_id == goal["id"]))

        await wait_for(contributed, limit_s=60, what="the helper's contribution")
    finally:
        await team.stop()
    (note,) = await rows(board, Entry, Entry.parent_id == goal["id"])
    (decided,) = note.meta["decisions"]
    assert decided["options"] == [CONTRIBUTE, NOTHING] and decided["chosen"] == CONTRIBUTE
    async with api(board) as client:
        await _signed_in(client)
        (row,) = _table((await client.get(f"/ui/entries/{goal['id']}")).text)
    assert row[:3] == ["what to do with the entry", f"{CONTRIBUTE}, {NOTHING}", CONTRIBUTE]
    assert re.fullmatch(
        rf"{model.name} read the entry and \d+ related passage\(s\) from the board", row[3]
    )
