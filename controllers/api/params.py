"""Typed path and query parameters shared by the routes: ids within PostgreSQL's ``bigint``."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from blackboard.schemas.limits import BIGINT_MAX

IdPath = Annotated[int, PathParameter(ge=1, le=BIGINT_MAX)]
"""A row id in the path (1 to 2**63-1; anything else is a 400 naming the parameter)."""

IdQuery = Annotated[int | None, QueryParameter(ge=1, le=BIGINT_MAX)]
"""An optional row id in the query string."""
