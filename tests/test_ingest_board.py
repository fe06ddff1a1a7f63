"""Ingesting the handbook onto a real board: search finds the right passages; re-ingest is
incremental (unchanged: no embeddings, no writes; edited: only changed chunks; deleted: gone;
moved: vectors reused); bad input is skipped while stored entries stay; an interrupted run
leaves whole entries and the next run completes it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from blackboard.embeddings.base import SharedEmbedder
from blackboard.models.vocabulary import EntryStatus
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from blackboard.splitting import Format, SplitOptions, document_title, split_document
from ingest.model import IngestReport
from ingest.read import FileText, read_text_file
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from tests.test_ingest_support import (
    FIXTURE,
    HANDBOOK_FILES,
    board_state,
    chunks_of,
    copy_handbook,
    count_chunks,
    entry_by_path,
)
from tests.test_ingest_walk import make_bad_inputs


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    return copy_handbook(tmp_path)


QUESTIONS = {
    "Which TCP port does Lighthouse listen on?": (
        "guide/install.md",
        "Installing Lighthouse > Linux",
        "port 3917",
    ),
    "When does the nightly pg_dump backup run and where is it copied?": (
        "ops/backup.rst",
        "Backups > Schedule",
        "02:30",
    ),
    "pager token rejected in the journal": ("ops/runbook.txt", "", "rotate the pager token"),
    "retry sensor read exponential backoff delay": ("src/retry.py", "", "base_delay * 2**attempt"),
    "Is Windows supported?": ("guide/install.md", "Installing Lighthouse > Windows", "WSL2"),
}


async def ingest(
    board: Board, root: Path, settings: IngestSettings, store: str = "handbook"
) -> IngestReport:
    return await ingest_paths(board, [root], store, settings=settings)


async def test_ingest_then_search_finds_the_right_chunk(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    before = hashing_embedder.texts_embedded
    report = await ingest(fresh_board, handbook, ingest_settings)
    assert sorted(report.new) == HANDBOOK_FILES
    assert report.counts()["skipped"] == 1 and report.excluded == 10  # 5 + 5 folder notes
    assert report.chunks.embedded == hashing_embedder.texts_embedded - before
    assert report.chunks.written == await count_chunks(fresh_board) > len(HANDBOOK_FILES)

    for question, (relpath, heading, needle) in QUESTIONS.items():
        async with fresh_board.sessions() as session, session.begin():
            hits = await search(
                session,
                SearchRequest(query=question, k=3, tags=["store:handbook"]),
                hashing_embedder,
            )
        top = hits[0]
        assert top.source_uri == (handbook / relpath).as_uri(), (question, hits)
        assert needle in top.text, (question, top.text)
        if heading:
            assert top.heading_path == heading
        lines = (handbook / relpath).read_text().split("\n")
        assert top.start_line is not None and top.end_line is not None
        cited = "\n".join(lines[top.start_line - 1 : top.end_line])
        assert needle in cited, "the line range points at the passage"

    entry = await entry_by_path(fresh_board, handbook / "src" / "retry.py")
    assert entry.kind == "document" and entry.meta["language"] == "python"
    assert set(entry.tags) == {"store:handbook", "lang:python"}
    assert entry.meta["path"] == "src/retry.py"


async def test_unchanged_reingest_embeds_nothing_and_writes_nothing(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    await ingest(fresh_board, handbook, ingest_settings)
    state = await board_state(fresh_board)
    calls, texts = hashing_embedder.calls, hashing_embedder.texts_embedded

    report = await ingest(fresh_board, handbook, ingest_settings)

    assert report.unchanged == len(HANDBOOK_FILES)
    assert report.counts()["new"] == report.counts()["changed"] == report.counts()["deleted"] == 0
    assert (hashing_embedder.calls, hashing_embedder.texts_embedded) == (calls, texts)
    assert report.chunks.embedded == report.chunks.written == 0
    assert await board_state(fresh_board) == state


async def test_edit_reembeds_only_the_changed_chunks(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    settings = ingest_settings.model_copy(update={"chunk_size": 64, "chunk_overlap": 0})
    await ingest(fresh_board, handbook, settings)
    target = handbook / "guide" / "configure.md"
    entry = await entry_by_path(fresh_board, target)
    old_chunks = await chunks_of(fresh_board, entry.id)
    assert len(old_chunks) >= 6

    text = target.read_text()
    edited = text.replace("All times in the logs are UTC", "All times in the logs are local time")
    assert edited != text
    target.write_text(edited)
    options = SplitOptions(64, 0)
    new_passages = split_document(edited, Format.MARKDOWN, "Configuration", options)
    old_hashes = {c.content_hash for c in old_chunks}
    expected_fresh = [p for p in new_passages if p.content_hash not in old_hashes]
    assert 0 < len(expected_fresh) < len(new_passages)

    before = hashing_embedder.texts_embedded
    report = await ingest(fresh_board, handbook, settings)

    assert report.changed == ["guide/configure.md"] and report.unchanged == 5
    assert hashing_embedder.texts_embedded - before == len(expected_fresh)
    assert report.chunks.embedded == len(expected_fresh)
    assert report.chunks.kept == len(new_passages) - len(expected_fresh)
    new_chunks = await chunks_of(fresh_board, entry.id)
    assert [c.text for c in new_chunks] == [p.text for p in new_passages]
    kept_ids = {c.id for c in old_chunks} & {c.id for c in new_chunks}
    assert len(kept_ids) == report.chunks.kept, "unchanged chunks keep their rows and vectors"
    assert (await entry_by_path(fresh_board, target)).version == entry.version + 1


async def test_deleted_file_is_marked_gone_and_comes_back(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    await ingest(fresh_board, handbook, ingest_settings)
    runbook = handbook / "ops" / "runbook.txt"
    saved = runbook.read_text()
    entry = await entry_by_path(fresh_board, runbook)
    chunk_count = len(await chunks_of(fresh_board, entry.id))
    runbook.unlink()

    report = await ingest(fresh_board, handbook, ingest_settings)
    assert report.deleted == ["ops/runbook.txt"] and report.unchanged == 5
    gone = await entry_by_path(fresh_board, runbook)
    assert gone.status == EntryStatus.GONE
    assert len(await chunks_of(fresh_board, entry.id)) == chunk_count, "nothing else is lost"
    async with fresh_board.sessions() as session, session.begin():
        hits = await search(
            session, SearchRequest(query="pager token rejected", k=10), hashing_embedder
        )
    assert all(h.entry_id != entry.id for h in hits), "gone entries leave search"

    again = await ingest(fresh_board, handbook, ingest_settings)
    assert again.deleted == [] and again.unchanged == 5, "gone stays gone without writes"

    runbook.write_text(saved)
    before = hashing_embedder.texts_embedded
    back = await ingest(fresh_board, handbook, ingest_settings)
    assert back.changed == ["ops/runbook.txt"]
    assert hashing_embedder.texts_embedded == before, "its chunks and vectors were still there"
    assert (await entry_by_path(fresh_board, runbook)).status == "open"


async def test_moved_file_reuses_vectors(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    await ingest(fresh_board, handbook, ingest_settings)
    (handbook / "ops" / "backup.rst").rename(handbook / "guide" / "backup.rst")
    before = hashing_embedder.texts_embedded
    report = await ingest(fresh_board, handbook, ingest_settings)
    assert report.new == ["guide/backup.rst"] and report.deleted == ["ops/backup.rst"]
    assert report.chunks.written > 0 and report.chunks.embedded == 0
    assert hashing_embedder.texts_embedded == before


async def test_bad_inputs_are_skipped_and_stored_entries_survive(
    fresh_board: Board,
    handbook: Path,
    ingest_settings: IngestSettings,
) -> None:
    await ingest(fresh_board, handbook, ingest_settings)
    readme = handbook / "README.md"
    stored = await entry_by_path(fresh_board, readme)
    stored_chunks = [c.id for c in await chunks_of(fresh_board, stored.id)]

    expected = make_bad_inputs(handbook)
    readme.write_bytes(b"\x00\x00 now binary")
    expected["README.md"] = "binary file"
    expected.pop("bad/alias.md")  # README.md itself is skipped now; its alias is the same file
    settings = ingest_settings.model_copy(update={"max_file_bytes": 4000})

    report = await ingest(fresh_board, handbook, settings)

    reasons = {s.label: s.reason for s in report.skipped}
    for relpath, prefix in expected.items():
        assert reasons.get(relpath, "").startswith(prefix), (relpath, reasons.get(relpath))
    assert report.unchanged == len(HANDBOOK_FILES) - 1, "the run went on"
    assert report.deleted == [], "a skipped file is not a deleted file"
    kept = await entry_by_path(fresh_board, readme)
    assert kept.status == "open" and kept.version == stored.version
    assert [c.id for c in await chunks_of(fresh_board, kept.id)] == stored_chunks


class _StopAfter:
    """A progress sink that signals after ``n`` files were written."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.written = 0
        self.reached = asyncio.Event()

    def start(self, total: int | None) -> None:
        return None

    def advance(self, label: str, chunks: int) -> None:
        if chunks:
            self.written += 1
            if self.written >= self.n:
                self.reached.set()


async def test_interrupted_run_leaves_whole_entries_and_the_next_run_completes(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(60):
        paragraphs = "\n\n".join(
            f"Paragraph {j} of note {i} talks about topic {i * 7 + j} in some detail."
            for j in range(12)
        )
        (root / f"note-{i:02d}.md").write_text(f"# Note {i}\n\n{paragraphs}\n")
    settings = ingest_settings.model_copy(
        update={"chunk_size": 40, "chunk_overlap": 0, "batch_chunks": 16}
    )
    stopper = _StopAfter(5)
    report = IngestReport(store="many", kind="document")
    task = asyncio.create_task(
        ingest_paths(
            fresh_board, [root], "many", settings=settings, progress=stopper, report=report
        )
    )
    await asyncio.wait(
        {task, asyncio.create_task(stopper.reached.wait())}, return_when=asyncio.FIRST_COMPLETED
    )
    task.cancel()  # what Ctrl-C does to asyncio.run's main task
    await asyncio.gather(task, return_exceptions=True)
    assert report.interrupted
    stored_first = len(report.new)
    assert 5 <= stored_first < 60

    await assert_whole_entries(fresh_board, root, settings)
    rest = await ingest_paths(fresh_board, [root], "many", settings=settings)
    assert len(rest.new) == 60 - stored_first and rest.unchanged == stored_first
    assert not rest.interrupted
    await assert_whole_entries(fresh_board, root, settings, expect_all=True)


async def assert_whole_entries(
    board: Board, root: Path, settings: IngestSettings, expect_all: bool = False
) -> None:
    """Every stored entry has exactly the chunks its file splits into."""
    options = settings.split_options
    found = 0
    for path in sorted(await asyncio.to_thread(lambda: list(root.iterdir()))):
        try:
            entry = await entry_by_path(board, path)
        except AssertionError:
            assert not expect_all
            continue
        found += 1
        read = read_text_file(path, settings.max_file_bytes)
        assert isinstance(read, FileText)
        title = document_title(read.text, Format.MARKDOWN) or path.name
        expected = split_document(read.text, Format.MARKDOWN, title, options)
        chunks = await chunks_of(board, entry.id)
        assert [c.text for c in chunks] == [p.text for p in expected], path
        assert all(c.embedding is not None for c in chunks)
    assert found > 0


def test_fixture_tree_is_intact() -> None:

    assert (
        sorted(
            p.relative_to(FIXTURE).as_posix()
            for p in FIXTURE.rglob("*")
            if p.is_file()
            and p.suffix in {".md", ".rst", ".txt", ".py"}
            and "node_modules" not in p.parts
            and ".hidden" not in p.parts
            and p.name != f"{p.parent.name}.md"  # folder notes, gitignored in the fixture
        )
        == HANDBOOK_FILES
    )
