"""The API knows the team: GET /agents, a change to an agent not on it refused (400 with the
names) before anything changes, and list filters naming an unknown kind or status refused."""

from __future__ import annotations

from blackboard.runtime import Board
from tests.api_client import api


async def test_agents_and_unknown_names_refused(board: Board) -> None:
    async with api(board) as client:
        team = (await client.get("/agents")).json()
        assert "researcher" in team["agents"] and team["running"] is False

        entry = (await client.post("/entries", json={"kind": "goal", "title": "Ship"})).json()
        task = (
            await client.post("/tasks", json={"agent": "planner", "entry_id": entry["id"]})
        ).json()
        refused = await client.patch(
            f"/tasks/{task['id']}", json={"version": task["version"], "agent": "reseacher"}
        )
        assert refused.status_code == 400
        detail = refused.json()["detail"]
        assert "no agent named 'reseacher' (did you mean 'researcher'?)" in detail
        assert "planner" in detail
        after = (await client.get(f"/tasks/{task['id']}")).json()
        assert (after["agent"], after["version"]) == ("planner", task["version"])

        on_entry = (await client.get("/tasks", params={"entry": entry["id"]})).json()
        assert [t["id"] for t in on_entry] == [task["id"]]
        for path, params in (
            ("/tasks", {"status": "bogus"}),
            ("/entries", {"kind": "foo"}),
            ("/entries", {"status": "bogus"}),
        ):
            assert (await client.get(path, params=params)).status_code == 400, (path, params)
