"""End to end: a question becomes a research note in the Gitea wiki (stand-in, real git clone),
every citation resolving to a stored source whose text contains the quote."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.rights import Principals
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.researcher.verify import normalise
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import scalar, wait_for

pytestmark = [pytest.mark.usefixtures("no_violations")]

DOC = (
    "# Deploying\n\nThe API listens on port 8000 by default.\n\n"
    "Set DATABASE_URL to use an external PostgreSQL with the vector extension.\n"
)


def _draft(call: ScriptedCall) -> Draft:
    number = next(
        int(line[1 : line.index("]")])
        for line in call.prompt.splitlines()
        if line.startswith("[") and "deploy.md" in line
    )
    return Draft(
        summary="Use DATABASE_URL for an external database.",
        claims=[
            Claim(
                text="An external PostgreSQL is chosen with DATABASE_URL.",
                source=number,
                quote="Set DATABASE_URL to use an external PostgreSQL with the vector extension",
            ),
            Claim(
                text="The API port defaults to 8000.",
                source=number,
                quote="The API listens on port 8000 by default",
            ),
        ],
    )


async def test_question_to_wiki_page_with_resolving_citations(
    board: Board,
    standin: StandinGitea,  # noqa: F811
    tmp_path: Path,
) -> None:
    standin.state.add_user("acme", is_org=True)
    standin.state.add_repo("acme", "app")
    async with board.sessions() as session:
        await EntryService(session, await board.embedder()).create(
            EntryIn(
                kind="document", title="deploy.md", body=DOC, source_uri="file:///docs/deploy.md"
            )
        )
    model = ScriptedModel(strict=False)
    model.script("structured", _draft, _draft, _draft)
    team = Team(
        board,
        {"researcher": load_souls()["researcher"]},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
    )
    await team.start()
    try:
        async with api(board) as client:
            response = await client.post(
                "/entries",
                json={
                    "kind": "question",
                    "title": "How do I use an external database?",
                    "meta": {"repo": "acme/app"},
                },
            )
            assert response.status_code == 201, response.text
            question = response.json()

        async def done() -> bool:
            return (
                await scalar(
                    board, "SELECT status FROM tasks WHERE entry_id = :e", e=question["id"]
                )
                == "done"
            )

        await wait_for(done, limit_s=60, what="the research task")
    finally:
        await team.stop()

    settings = settings_for(standin)
    async with GiteaClient(settings) as gitea:
        channels = {"gitea": GiteaChannel(GiteaAPI(gitea), settings, b"test-marker-secret")}
        principals = Principals(load_souls())
        executed = await OutboxExecutor(board, channels, principals).run_pending()
        again = await OutboxExecutor(board, channels, principals).run_pending()
    assert [a.status for a in executed] == ["done"]
    assert again == []

    wiki = tmp_path / "wiki"
    await asyncio.to_thread(
        subprocess.run,
        ["git", "clone", "-q", f"{standin.url}/acme/app.wiki.git", str(wiki)],
        check=True,
        timeout=60,
    )
    pages = list(wiki.glob(f"Research-{question['id']}-*.md"))
    assert len(pages) == 1
    page = pages[0].read_text()
    assert "An external PostgreSQL is chosen with DATABASE_URL. [1]" in page

    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.entry_id == question["id"]))
        assert task is not None
        for match in re.finditer(r"\(board entry (\d+), chunk (\d+)\)\n((?:   > .*\n?)+)", page):
            source = await session.get(Entry, int(match.group(1)))
            assert source is not None
            assert source.source_uri == "file:///docs/deploy.md"
            for quote in re.findall(r'   > "(.*)"', match.group(3)):
                assert normalise(quote) in normalise(source.body)
        assert len(re.findall(r'   > "', page)) == 2
