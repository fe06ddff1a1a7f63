"""Tasks and outbox actions through the HTTP API, with dedupe, idempotency and audit trail."""

from __future__ import annotations

from blackboard.runtime import Board
from tests.api_client import api


async def test_task_lifecycle(board: Board) -> None:
    async with api(board) as client:
        entry = (await client.post("/entries", json={"kind": "question", "title": "Q?"})).json()
        created = await client.post(
            "/tasks",
            json={
                "agent": "researcher",
                "entry_id": entry["id"],
                "reason": "question matches skills",
                "priority": 0.7,
                "dedupe_key": f"researcher:{entry['id']}",
            },
        )
        assert created.status_code == 201, created.text
        task = created.json()
        assert task["status"] == "pending"

        duplicate = (
            await client.post(
                "/tasks",
                json={
                    "agent": "researcher",
                    "entry_id": entry["id"],
                    "dedupe_key": f"researcher:{entry['id']}",
                },
            )
        ).json()
        assert duplicate["id"] == task["id"]

        moved = (
            await client.patch(
                f"/tasks/{task['id']}",
                json={
                    "version": task["version"],
                    "priority": 5.0,
                    "agent": "planner",
                },
            )
        ).json()
        assert moved["priority"] == 5.0 and moved["agent"] == "planner"

        cancelled = (
            await client.patch(
                f"/tasks/{task['id']}",
                json={
                    "version": moved["version"],
                    "status": "cancelled",
                },
            )
        ).json()
        assert cancelled["status"] == "cancelled"

        listed = (await client.get("/tasks", params={"agent": "planner"})).json()
        assert [t["id"] for t in listed] == [task["id"]]
        bad = await client.patch(f"/tasks/{task['id']}", json={"version": 1, "status": "bogus"})
        assert bad.status_code == 400


async def test_outbox_action_is_recorded_once_and_audited(board: Board) -> None:
    async with api(board) as client:
        body = {
            "idempotency_key": "comment:repo#1:abc",
            "kind": "gitea.comment.create",
            "target": "acme/app",
            "agent": "triager",
            "payload": {"body": "Thanks!"},
        }
        first = await client.post("/actions", json=body)
        assert first.status_code == 201, first.text
        again = await client.post("/actions", json=body)
        assert again.status_code == 200 and again.json()["id"] == first.json()["id"]

        action = first.json()
        started = (
            await client.patch(
                f"/actions/{action['id']}",
                json={"version": action["version"], "status": "in_progress"},
            )
        ).json()
        assert started["attempts"] == 1
        done = (
            await client.patch(
                f"/actions/{action['id']}",
                json={"version": started["version"], "status": "done", "response": {"id": 77}},
            )
        ).json()
        assert done["status"] == "done" and done["response"] == {"id": 77}

        trail = (await client.get(f"/actions/{action['id']}/audit")).json()
        assert [r["event"] for r in trail] == ["created", "in_progress", "done"]
        listed = (await client.get("/actions", params={"status": "done"})).json()
        assert action["id"] in [a["id"] for a in listed]
