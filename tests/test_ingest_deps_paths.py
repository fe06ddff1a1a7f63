"""Docs paths given to ``ingest deps`` carry the package they belong to: named with
``--package``, or inferred from the path (inside an installed distribution's files, or a
directory named after one). An upgrade re-tags them without embedding anything again; a path
no package can be told for keeps ``store:deps`` only."""

from __future__ import annotations

import shutil
from pathlib import Path

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from ingest.run import ingest_deps
from ingest.settings import IngestSettings
from ingest.sources.deps import installed
from ingest.sources.owners import owner_of
from tests.test_ingest_deps import README_V1, write_dist
from tests.test_ingest_support import entry_by_path


def _docs(directory: Path) -> Path:
    directory.mkdir(parents=True)
    (directory / "guide.md").write_text("# Widget guide\n\nTurn the widget on before use.\n")
    return directory


async def test_named_package_tags_docs_and_upgrade_retags_them(
    fresh_board: Board,
    tmp_path: Path,
    ingest_settings: IngestSettings,
    hashing_embedder: SharedEmbedder,
) -> None:
    site = tmp_path / "site"
    old = write_dist(site, "demo-widget", "1.0", README_V1)
    docs = _docs(tmp_path / "manual")
    path = [str(site)]
    first = await ingest_deps(
        fresh_board, [docs], ["demo-widget"], settings=ingest_settings, search_path=path
    )
    assert sorted(first.new) == ["demo-widget 1.0", "guide.md"]
    entry = await entry_by_path(fresh_board, docs / "guide.md")
    assert entry.kind == "dependency_doc"
    assert {"store:deps", "package:demo-widget", "demo-widget==1.0"} <= set(entry.tags)
    assert entry.meta["package"] == "demo-widget" and entry.meta["version"] == "1.0"

    shutil.rmtree(old)
    write_dist(site, "demo-widget", "2.0", README_V1)
    before = hashing_embedder.texts_embedded
    again = await ingest_deps(
        fresh_board, [docs], ["demo-widget"], settings=ingest_settings, search_path=path
    )
    assert sorted(again.changed) == ["demo-widget 2.0", "guide.md"]
    assert hashing_embedder.texts_embedded == before, "re-tagged, nothing embedded"
    entry = await entry_by_path(fresh_board, docs / "guide.md")
    assert "demo-widget==2.0" in entry.tags and "demo-widget==1.0" not in entry.tags
    assert entry.meta["version"] == "2.0" and entry.status == "open"


async def test_package_inferred_from_the_path_or_none(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    site = tmp_path / "site"
    write_dist(site, "demo-widget", "1.0", README_V1)
    named_dir = _docs(tmp_path / "vendor" / "Demo_Widget" / "docs")
    plain = _docs(tmp_path / "notes")
    path = [str(site)]
    await ingest_deps(fresh_board, [named_dir, plain], settings=ingest_settings, search_path=path)
    tagged = await entry_by_path(fresh_board, named_dir / "guide.md")
    assert {"package:demo-widget", "demo-widget==1.0"} <= set(tagged.tags)
    untagged = await entry_by_path(fresh_board, plain / "guide.md")
    assert untagged.tags == ["store:deps"] and "package" not in untagged.meta


def test_docs_inside_an_installed_distribution_belong_to_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, package_dir in (("demo-widget", "widget_pkg"), ("other-lib", "other_pkg")):
        info = write_dist(site, name, "1.0", "# Readme\n")
        (site / package_dir / "docs").mkdir(parents=True)
        (site / package_dir / "docs" / "index.md").write_text("# Index\n")
        (info / "RECORD").write_text(
            f"{package_dir}/__init__.py,,\n{package_dir}/docs/index.md,,\n{info.name}/METADATA,,\n"
        )
    dists = installed([str(site)])
    owner = owner_of(site / "widget_pkg" / "docs", dists)
    assert owner is not None and owner.name == "demo-widget"
    assert owner_of(site / "other_pkg", dists) is dists["other-lib"]
    assert owner_of(site, dists) is None, "site-packages itself belongs to no one"
    assert owner_of(site / "widget_pkg", dists, ["other-lib"]) is dists["other-lib"], "named"
    assert owner_of(site / "widget_pkg", dists, ["other-lib", "x"]) is dists["demo-widget"]
