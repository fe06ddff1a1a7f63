"""The researcher end to end on the real board: question -> verified, cited note + wiki action."""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Action, Chunk, Entry, Link, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.models.errors import ModelUnavailableError
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.researcher.verify import normalise
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.team_helpers import scalar, wait_for

DOCS = {
    "webhooks.md": (
        "# Webhooks\n\nGitea signs each delivery. The X-Gitea-Signature header carries the hex "
        "HMAC-SHA256 of the raw request body, keyed with the webhook secret.\n\n"
        "## Replays\n\nEvery delivery has a unique X-Gitea-Delivery id, so receivers can drop "
        "replayed deliveries.\n"
    ),
    "queues.md": "# Queues\n\nSAQ stores its jobs in PostgreSQL tables named saq_jobs.\n",
}
GOOD_QUOTE = "the hex HMAC-SHA256 of the raw request body, keyed with the webhook secret"
REPLAY_QUOTE = "Every delivery has a unique X-Gitea-Delivery id"


async def _seed(board: Board) -> None:
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        for name, body in DOCS.items():
            await service.create(
                EntryIn(kind="document", title=name, body=body, source_uri=f"file:///docs/{name}")
            )


async def _run(board: Board, model: ScriptedModel, title: str) -> tuple[Entry, Task]:
    souls = load_souls()
    team = Team(
        board,
        {"researcher": souls["researcher"]},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            question = (
                await client.post(
                    "/entries",
                    json={"kind": "question", "title": title, "meta": {"repo": "acme/app"}},
                )
            ).json()

        async def done() -> bool:
            return (
                await scalar(
                    board,
                    "SELECT count(*) FROM tasks WHERE entry_id = :e AND status = 'done'",
                    e=question["id"],
                )
                == 1
            )

        await wait_for(done, limit_s=60, what="the research task")
    finally:
        await team.stop()
    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.entry_id == question["id"]))
        assert task is not None
        note = await session.get(Entry, task.result["entries"][0])
        assert note is not None
        return note, task


async def test_question_yields_verified_cited_note_and_wiki_action(board: Board) -> None:
    await _seed(board)
    model = ScriptedModel(strict=False)

    # find sources by number from the prompt the model is given
    def draft(call: ScriptedCall) -> Draft:
        prompt = call.prompt
        number = next(
            int(line[1 : line.index("]")])
            for line in prompt.splitlines()
            if line.startswith("[") and "webhooks.md" in line
        )
        return Draft(
            summary="Deliveries are signed with an HMAC of the body.",
            claims=[
                Claim(
                    text="The signature is an HMAC-SHA256 of the body.",
                    source=number,
                    quote=GOOD_QUOTE,
                ),
                Claim(
                    text="Replays can be dropped by delivery id.", source=number, quote=REPLAY_QUOTE
                ),
                Claim(text="Signatures use MD5.", source=number, quote="signed with MD5 digests"),
            ],
        )

    model.script("structured", draft, draft, draft)
    note, task = await _run(board, model, "How does Gitea sign webhook deliveries?")

    assert task.status == "done"
    assert "HMAC-SHA256" in note.body
    assert "MD5" not in note.body  # the unverifiable claim was never published
    assert note.meta["extractive"] is False
    async with board.sessions() as session:
        chunks = (
            await session.scalars(
                select(Chunk).where(Chunk.entry_id == note.id).order_by(Chunk.ordinal)
            )
        ).all()
    # cut by ingest's markdown splitter: each chunk knows its section and its lines
    question_title = "How does Gitea sign webhook deliveries?"
    paths = {c.heading_path for c in chunks}
    assert {f"{question_title} > Findings", f"{question_title} > Sources"} <= paths
    sources = next(c for c in chunks if c.heading_path.endswith("> Sources"))
    assert sources.start_line is not None
    assert note.body.splitlines()[sources.start_line - 1] == "## Sources"
    async with board.sessions() as session:
        links = list((await session.scalars(select(Link).where(Link.source_id == note.id))).all())
        assert {lk.kind for lk in links} == {"answers", "cites"}
        cites = [lk for lk in links if lk.kind == "cites"]
        assert len(cites) == 2
        for link in cites:
            cited = await session.get(Entry, link.target_id)
            assert cited is not None
            assert cited.source_uri == "file:///docs/webhooks.md"
            assert normalise(link.quote or "") in normalise(cited.body)
        action = await session.scalar(select(Action).where(Action.task_id == task.id))
        assert action is not None
        assert action.kind == "gitea.wiki.write"
        assert action.target == "acme/app"
        assert action.idempotency_key == f"task:{task.id}:wiki"
        assert action.payload["note_entry_id"] == note.id
        assert action.payload["content"] == note.body
    assert len(model.calls_to("structured")) == 3  # draft + two revisions (soul: 2 rounds)
    assert len(model.calls_to("generate")) >= 2 + 2  # research queries + critiques


async def test_without_a_model_the_note_is_extractive(board: Board) -> None:
    model = ScriptedModel(strict=True)
    model.script("generate", ModelUnavailableError("no server"))
    note, task = await _run(board, model, "Which table holds SAQ jobs?")
    assert task.status == "done"
    assert note.meta["extractive"] is True
    assert "extractive" in note.body
    async with board.sessions() as session:
        cites = list(
            (
                await session.scalars(
                    select(Link).where(Link.source_id == note.id, Link.kind == "cites")
                )
            ).all()
        )
        assert cites
        for link in cites:
            cited = await session.get(Entry, link.target_id)
            assert cited is not None
            assert normalise(link.quote or "") in normalise(cited.body)
