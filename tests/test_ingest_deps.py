"""Dependency docs: an installed package's README lands on the board as a dependency_doc,
tagged with package and version; an upgrade replaces it; an uninstalled one is marked gone."""

from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import select

from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Entry
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from ingest.run import ingest_deps
from ingest.settings import IngestSettings
from tests.test_ingest_support import chunks_of


async def _entry(board: Board, uri: str) -> Entry:
    async with board.sessions() as session:
        entry = await session.scalar(select(Entry).where(Entry.source_uri == uri))
    assert entry is not None, uri
    return entry


async def test_installed_package_readme_is_found(
    fresh_board: Board,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    report = await ingest_deps(
        fresh_board, packages=["Click", "no-such-dist-xyz"], settings=ingest_settings
    )
    click_version = version("click")
    assert report.new == [f"click {click_version}"]
    assert [(s.label, s.reason) for s in report.skipped] == [("no-such-dist-xyz", "not installed")]
    entry = await _entry(fresh_board, "pydist://click")
    assert entry.kind == "dependency_doc" and entry.source_version == click_version
    assert {"package:click", f"click=={click_version}", "store:deps"} <= set(entry.tags)
    assert entry.meta["package"].lower() == "click"

    async with fresh_board.sessions() as session, session.begin():
        hits = await search(
            session,
            SearchRequest(
                query="creating beautiful command line interfaces composable",
                k=3,
                kinds=["dependency_doc"],
            ),
            hashing_embedder,
        )
    assert hits and hits[0].entry_id == entry.id
    assert "command line" in hits[0].text.lower()

    again = await ingest_deps(fresh_board, packages=["click"], settings=ingest_settings)
    assert again.unchanged == 1 and again.chunks.embedded == 0


def write_dist(site: Path, name: str, ver: str, body: str) -> Path:
    """A minimal installed distribution (``*.dist-info/METADATA``) under ``site``."""
    info = site / f"{name.replace('-', '_')}-{ver}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {ver}\nSummary: The {name} library\n"
        f"Description-Content-Type: text/markdown\n\n{body}"
    )
    return info


README_V1 = """# Demo widget

## Install

pip install demo-widget

## Frobnication

Call frobnicate() with a level from one to five; the default level is three.
"""


def _demo_and_other(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A site with demo-widget 1.0 and other-lib 0.3: the site, demo's dist-info, the path."""
    site = tmp_path / "site"
    demo = write_dist(site, "demo-widget", "1.0", README_V1)
    write_dist(site, "other-lib", "0.3", "# Other\n\nNothing to see.\n")
    return site, demo, [str(site)]


async def test_upgrade_replaces_docs_and_uninstall_marks_gone(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    site, old, path = _demo_and_other(tmp_path)
    first = await ingest_deps(fresh_board, settings=ingest_settings, search_path=path)
    assert sorted(first.new) == ["demo-widget 1.0", "other-lib 0.3"]
    entry = await _entry(fresh_board, "pydist://demo-widget")
    chunk_count = len(await chunks_of(fresh_board, entry.id))

    shutil.rmtree(old)
    write_dist(
        site,
        "demo-widget",
        "2.0",
        README_V1.replace(
            "from one to five; the default level is three",
            "from one to ten; the default level is seven",
        ),
    )
    before = hashing_embedder.texts_embedded
    upgraded = await ingest_deps(fresh_board, settings=ingest_settings, search_path=path)
    assert upgraded.changed == ["demo-widget 2.0"] and upgraded.unchanged == 1
    assert hashing_embedder.texts_embedded - before == 1, "only the edited section"
    entry = await _entry(fresh_board, "pydist://demo-widget")
    assert entry.source_version == "2.0" and "demo-widget==2.0" in entry.tags
    assert "demo-widget==1.0" not in entry.tags and "level is seven" in entry.body
    chunks = await chunks_of(fresh_board, entry.id)
    assert len(chunks) == chunk_count and not any("level is three" in c.text for c in chunks)

    shutil.rmtree(next(site.glob("other_lib-*.dist-info")))
    removed = await ingest_deps(fresh_board, settings=ingest_settings, search_path=path)
    assert removed.deleted == ["other-lib"]
    assert (await _entry(fresh_board, "pydist://other-lib")).status == "gone"
    assert (await _entry(fresh_board, "pydist://demo-widget")).status == "open"


async def test_an_upgrade_with_the_same_readme_embeds_nothing(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    site = tmp_path / "site"
    readme = "Text before any heading, as many READMEs start.\n\n# Usage\n\nCall it.\n"
    old = write_dist(site, "pre-lib", "1.0", readme)
    path = [str(site)]
    first = await ingest_deps(fresh_board, settings=ingest_settings, search_path=path)
    assert first.new == ["pre-lib 1.0"] and first.chunks.embedded == 2
    shutil.rmtree(old)
    write_dist(site, "pre-lib", "1.1", readme)
    before = hashing_embedder.texts_embedded
    upgraded = await ingest_deps(fresh_board, settings=ingest_settings, search_path=path)
    assert upgraded.changed == ["pre-lib 1.1"] and upgraded.chunks.embedded == 0
    assert hashing_embedder.texts_embedded == before
    entry = await _entry(fresh_board, "pydist://pre-lib")
    assert entry.source_version == "1.1" and "pre-lib==1.1" in entry.tags
    assert "1.1" not in entry.title


async def test_docs_directories_are_dependency_docs(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
) -> None:
    docs = tmp_path / "vendor-docs"
    docs.mkdir()
    (docs / "api.md").write_text("# API\n\nThe widget API has three calls.\n")
    report = await ingest_deps(fresh_board, [docs], packages=["click"], settings=ingest_settings)
    assert sorted(report.new) == ["api.md", f"click {version('click')}"]
    entry = await _entry(fresh_board, (docs / "api.md").as_uri())
    assert entry.kind == "dependency_doc" and "store:deps" in entry.tags


async def test_named_package_no_longer_installed_is_marked_gone(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
) -> None:
    _site, info, path = _demo_and_other(tmp_path)
    stored = await ingest_deps(
        fresh_board, packages=["demo-widget"], settings=ingest_settings, search_path=path
    )
    assert stored.new == ["demo-widget 1.0"]

    shutil.rmtree(info)
    named = await ingest_deps(
        fresh_board, packages=["Demo_Widget"], settings=ingest_settings, search_path=path
    )
    assert named.deleted == ["demo-widget"] and named.counts()["deleted"] == 1
    assert [(s.label, s.reason) for s in named.skipped] == [("demo-widget", "not installed")]
    assert (await _entry(fresh_board, "pydist://demo-widget")).status == "gone"

    never = await ingest_deps(
        fresh_board, packages=["never-stored-xyz"], settings=ingest_settings, search_path=path
    )
    assert not never.interrupted and never.deleted == [] and never.new == []
    assert [(s.label, s.reason) for s in never.skipped] == [("never-stored-xyz", "not installed")]
    async with fresh_board.sessions() as session:
        uris = list(await session.scalars(select(Entry.source_uri)))
    assert uris == ["pydist://demo-widget"], "nothing stored for a name never installed"
