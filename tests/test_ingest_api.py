"""POST /documents: a markdown document goes through the same splitter as ingest, with heading
paths and line ranges, and a repeated post with the same source is an idempotent upsert."""

from __future__ import annotations

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from tests.api_client import api

NOTE = """# Release checklist

## Before tagging

Run the full test suite and update the changelog.

## After tagging

Announce the release in the team channel.
"""


async def test_post_markdown_document(board: Board, hashing_embedder: SharedEmbedder) -> None:
    async with api(board) as client:
        posted = await client.post(
            "/documents",
            json={
                "body": NOTE,
                "store": "notes",
                "tags": ["release"],
                "source_uri": "note://release-checklist",
            },
        )
        assert posted.status_code == 201, posted.text
        result = posted.json()
        entry = result["entry"]
        assert entry["title"] == "Release checklist" and entry["kind"] == "document"
        assert set(entry["tags"]) == {"store:notes", "release"}
        assert result["chunks"] == result["embedded"] == 2

        chunks = (await client.get(f"/entries/{entry['id']}/chunks")).json()
        assert [(c["heading_path"], c["start_line"], c["end_line"]) for c in chunks] == [
            ("Release checklist > Before tagging", 1, 5),
            ("Release checklist > After tagging", 7, 9),
        ]

        before = hashing_embedder.texts_embedded
        again = await client.post(
            "/documents",
            json={
                "body": NOTE,
                "store": "notes",
                "tags": ["release"],
                "source_uri": "note://release-checklist",
            },
        )
        assert again.status_code == 201
        assert again.json()["entry"]["id"] == entry["id"]
        assert again.json()["entry"]["version"] == entry["version"]
        assert hashing_embedder.texts_embedded == before

        hits = (
            await client.post(
                "/search",
                json={
                    "query": "announce release team channel",
                    "tags": ["store:notes"],
                    "k": 1,
                },
            )
        ).json()
        assert hits[0]["entry_id"] == entry["id"] and hits[0]["start_line"] == 7


async def test_post_document_rejects_blank_body(board: Board) -> None:
    async with api(board) as client:
        response = await client.post("/documents", json={"body": "   \n"})
        assert response.status_code == 400
        assert "empty" in response.text


async def test_an_edited_post_re_embeds_only_its_changed_section(
    board: Board, hashing_embedder: SharedEmbedder
) -> None:
    document = {"body": NOTE, "store": "notes", "source_uri": "note://edited-checklist"}
    edited = NOTE.replace("the team channel", "the team channel and on the mailing list")
    async with api(board) as client:
        first = (await client.post("/documents", json=document)).json()
        before = hashing_embedder.texts_embedded
        second = await client.post("/documents", json={**document, "body": edited})
        assert second.status_code == 201, second.text
        result = second.json()
    assert result["entry"]["id"] == first["entry"]["id"]
    assert result["entry"]["version"] == first["entry"]["version"] + 1
    assert (result["chunks"], result["embedded"], result["kept"], result["removed"]) == (2, 1, 1, 1)
    assert hashing_embedder.texts_embedded == before + 1


async def test_post_document_accepts_only_document_kinds(board: Board) -> None:
    async with api(board) as client:
        for kind in ("research_note", "dependency_doc"):
            ok = await client.post("/documents", json={"body": NOTE, "kind": kind})
            assert ok.status_code == 201 and ok.json()["entry"]["kind"] == kind
        for kind in ("goal", "gitea_issue"):
            refused = await client.post("/documents", json={"body": NOTE, "kind": kind})
            assert refused.status_code == 400
            assert "a document is one of: document, research_note, dependency_doc" in refused.text
