"""GET /agents: the team's names and whether its agents run beside this API."""

from __future__ import annotations

from litestar import get
from litestar.datastructures import State

from controllers.api.team import TeamRoster


def roster_of(state: State) -> TeamRoster:
    """The roster ``BoardAppPlugin`` put in the app's state."""
    roster: TeamRoster = state.team
    return roster


@get("/agents", tags=["agents"])
async def list_agents(state: State) -> dict[str, object]:
    """``{"agents": [...], "running": bool}``: who can be given tasks, and whether anyone works
    on them now (``up --no-agents`` serves the board without the team)."""
    roster = roster_of(state)
    return {"agents": list(roster.names()), "running": roster.running}
