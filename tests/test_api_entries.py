"""Entries and links through the HTTP API: create, read, list, update, upsert, link."""

from __future__ import annotations

from blackboard.runtime import Board
from tests.api_client import api


async def test_create_read_list_update_entry(board: Board) -> None:
    async with api(board) as client:
        created = await client.post(
            "/entries",
            json={
                "kind": "question",
                "title": "Why HNSW?",
                "body": "Why does the board use HNSW?",
                "tags": ["search"],
                "priority": 3,
            },
        )
        assert created.status_code == 201, created.text
        entry = created.json()
        assert entry["kind"] == "question" and entry["version"] == 1

        fetched = (await client.get(f"/entries/{entry['id']}")).json()
        assert fetched["title"] == "Why HNSW?" and fetched["tags"] == ["search"]

        listed = (await client.get("/entries", params={"kind": "question"})).json()
        assert entry["id"] in [e["id"] for e in listed]
        assert all(e["kind"] == "question" for e in listed)

        patched = await client.patch(
            f"/entries/{entry['id']}",
            json={
                "version": 1,
                "status": "done",
                "body": "Why does the board use an HNSW index?",
            },
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["status"] == "done" and patched.json()["version"] == 2

        stale = await client.patch(f"/entries/{entry['id']}", json={"version": 1, "status": "open"})
        assert stale.status_code == 409
        assert (await client.get(f"/entries/{entry['id']}")).json()["status"] == "done"

        chunks = (await client.get(f"/entries/{entry['id']}/chunks")).json()
        assert [c["text"] for c in chunks] == ["Why does the board use an HNSW index?"]


async def test_upsert_by_source_uri_is_idempotent(board: Board) -> None:
    body = {
        "kind": "document",
        "title": "README",
        "body": "Hello board.",
        "source_uri": "file:///docs/README.md",
        "source_version": "v1",
    }
    async with api(board) as client:
        first = (await client.post("/entries", json=body)).json()
        again = (await client.post("/entries", json=body)).json()
        assert again["id"] == first["id"] and again["version"] == first["version"]

        changed = (
            await client.post(
                "/entries", json={**body, "body": "Hello again.", "source_version": "v2"}
            )
        ).json()
        assert changed["id"] == first["id"] and changed["version"] == first["version"] + 1
        chunks = (await client.get(f"/entries/{first['id']}/chunks")).json()
        assert [c["text"] for c in chunks] == ["Hello again."]


async def test_links_between_entries(board: Board) -> None:
    async with api(board) as client:
        question = (await client.post("/entries", json={"kind": "question", "title": "Q"})).json()
        note = (
            await client.post(
                "/entries",
                json={
                    "kind": "research_note",
                    "title": "Note",
                    "body": "Answer.",
                    "author": "researcher",
                },
            )
        ).json()
        link = await client.post(
            "/links",
            json={
                "source_id": note["id"],
                "target_id": question["id"],
                "kind": "answers",
                "author": "researcher",
            },
        )
        assert link.status_code == 201, link.text
        cites = await client.post(
            "/links",
            json={
                "source_id": note["id"],
                "target_id": question["id"],
                "kind": "cites",
                "quote": "Q",
            },
        )
        assert cites.status_code == 201
        links = (await client.get(f"/entries/{question['id']}/links")).json()
        assert {(x["kind"], x["source_id"]) for x in links} == {
            ("answers", note["id"]),
            ("cites", note["id"]),
        }

        fetched = (await client.get(f"/links/{cites.json()['id']}")).json()
        assert fetched["quote"] == "Q"
        changed = await client.patch(f"/links/{fetched['id']}", json={"quote": "Q?"})
        assert changed.json()["quote"] == "Q?"
        assert changed.json()["kind"] == "cites"

        missing = await client.post(
            "/links", json={"source_id": note["id"], "target_id": 999_999, "kind": "answers"}
        )
        assert missing.status_code == 404
        assert "999999" in missing.json()["detail"]


async def test_missing_entry_is_404(board: Board) -> None:
    async with api(board) as client:
        response = await client.get("/entries/424242")
        assert response.status_code == 404
        assert response.json()["detail"] == "no entry 424242"
