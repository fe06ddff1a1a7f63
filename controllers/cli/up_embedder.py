"""Embedding through the running ``up``: a command beside it uses its loaded model.

Loading the embedding model takes seconds (the better part of a one-file ``ingest``); an ``up``
serving the same data directory has it loaded already and lends it over ``/v1/embeddings``
with the API token. Where that cannot be done, the reason is said and the model is loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.remote import FLAVOURS, RemoteEmbedder
from blackboard.errors import BoardError
from controllers.api.token import read_api_token
from controllers.cli.running import read_record
from controllers.settings import AppSettings


@dataclass(frozen=True)
class UpEmbedder:
    """The running ``up``'s embedder (``None`` when it cannot be used) and what to tell people."""

    embedder: SharedEmbedder | None
    said: str


def embedder_of_running_up(settings: AppSettings) -> UpEmbedder:
    """The embedder of the ``up`` recorded in the data directory, checked with one probe."""
    board = settings.board
    if board.embedder in FLAVOURS:
        return UpEmbedder(None, "")  # a model server embeds already; nothing to load here
    record = read_record(board)
    if record is None or not record.alive():
        return UpEmbedder(None, "")
    token = read_api_token(board)
    if token is None:
        return UpEmbedder(
            None,
            f"an 'up' runs (pid {record.pid}) but there is no API token to reach it "
            "(GA_API_TOKEN): loading the embedding model here",
        )
    remote = RemoteEmbedder(
        "openai",
        record.url,
        "board",
        api_key=SecretStr(token),
        timeout=board.embedder_timeout_s,
    )
    try:
        remote.probe()
    except BoardError as exc:
        remote.close()
        return UpEmbedder(
            None,
            f"the running 'up' at {record.url} (pid {record.pid}) does not embed for us "
            f"({exc}): loading the embedding model here",
        )
    return UpEmbedder(
        SharedEmbedder(remote, board.embedder_batch_size),
        f"embedding through the running 'up' at {record.url} (pid {record.pid}): "
        "its model is loaded already",
    )
