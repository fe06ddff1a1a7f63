"""Turning a search request's filters into SQL conditions on entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryStatus
from blackboard.schemas.search import SearchRequest


def entry_conditions(request: SearchRequest) -> list[ColumnElement[bool]]:
    """Kinds, tags (any of), source prefix and statuses; without a status filter, entries
    marked gone never match."""
    conditions: list[ColumnElement[bool]] = []
    if request.statuses:
        conditions.append(Entry.status.in_(request.statuses))
    else:
        conditions.append(Entry.status != EntryStatus.GONE)
    if request.kinds:
        conditions.append(Entry.kind.in_(request.kinds))
    if request.tags:
        conditions.append(Entry.tags.overlap(request.tags))
    if request.source_prefix:
        conditions.append(Entry.source_uri.startswith(request.source_prefix, autoescape=True))
    return conditions


def is_filtered(request: SearchRequest) -> bool:
    """Whether anything narrows the search beyond 'not gone'."""
    values: list[Any] = [request.kinds, request.tags, request.source_prefix, request.statuses]
    return any(values)
