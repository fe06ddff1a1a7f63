"""/v1/embeddings: the board's own embedder, in the OpenAI shape, for the commands beside ``up``.

``gitea-assistants ingest`` run while ``up`` serves sends its passages here (through the
board's remote-embedder client) instead of loading a second copy of the model; the vectors
come from the embedder the board searches with. Bounded: at most ``MAX_TEXTS`` texts of
``MAX_TEXT_CHARS`` characters a request; nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from pydantic import BaseModel, ConfigDict, Field

from blackboard.runtime import Board

MAX_TEXTS = 256
MAX_TEXT_CHARS = 32_000


class EmbeddingsIn(BaseModel):
    """An OpenAI-style request: ``input`` texts (``model`` is accepted and ignored: the board
    embeds with its own model)."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(default="board", max_length=200)
    input: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(
        min_length=1, max_length=MAX_TEXTS
    )


@post("/v1/embeddings", tags=["embeddings"], status_code=200)
async def embed_texts(
    data: JSONBody[EmbeddingsIn], board: NamedDependency[Board]
) -> dict[str, Any]:
    """The board embedder's vectors for ``input``, in order."""
    embedder = await board.embedder()
    vectors = await embedder.embed_async(data.input)
    return {
        "object": "list",
        "model": embedder.name,
        "data": [
            {"object": "embedding", "index": index, "embedding": vector}
            for index, vector in enumerate(vectors)
        ],
    }
