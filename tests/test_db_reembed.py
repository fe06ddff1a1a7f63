"""``gitea-assistants db reembed``: every chunk gets the configured model's vector again."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from blackboard.chunking import Passage
from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.embedding_text import embedding_text
from blackboard.services.entries import EntryService
from tests.cli_runner import cli_env, run_cli


async def test_db_reembed_rewrites_every_vector(
    board: Board, hashing_embedder: SharedEmbedder, tmp_path: Path
) -> None:
    async with board.sessions() as session:
        service = EntryService(session, hashing_embedder)
        for i in range(3):
            body = f"# Part {i}\n\nFirst passage {i}.\n\n## More\n\nSecond passage {i}."
            await service.create(EntryIn(kind="document", title=f"doc {i}", body=body))
    async with board.sessions() as session, session.begin():
        await session.execute(text("UPDATE chunks SET embedding = NULL"))  # "another model"

    env = cli_env(DATABASE_URL=board.db.uri, GA_DATA_DIR=str(tmp_path), GA_EMBEDDER="hashing")
    done = await asyncio.to_thread(run_cli, "db", "reembed", env=env)
    assert done.returncode == 0, done.stderr

    async with board.sessions() as session:
        rows = (
            await session.execute(text("SELECT heading_path, text, embedding::real[] FROM chunks"))
        ).all()
    assert rows and f"re-embedded {len(rows)} chunks" in done.stdout
    for path, body, vector in rows:
        expected = hashing_embedder.embed([embedding_text(Passage(body, path, 0, 0))])[0]
        assert vector is not None
        assert [round(float(x), 5) for x in vector] == [round(x, 5) for x in expected]
