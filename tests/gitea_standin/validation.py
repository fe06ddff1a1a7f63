"""Checking every request and reply of the stand-in against Gitea's spec.

A violation is recorded (the test fixture fails the test on any) and the request is refused
with 400 so the caller sees it at once.
"""

from __future__ import annotations

import json
from typing import Any

from blackboard.connectors.gitea.spec import Operation, Spec, coerce_query

# Answers Gitea's middleware gives to any operation, whatever the spec lists.
GENERIC_STATUSES = frozenset({401, 403, 404, 422, 429, 500, 503})


class Violations(list[str]):
    """Spec violations seen so far."""

    def add(self, where: str, problems: list[str]) -> None:
        self.extend(f"{where}: {p}" for p in problems)


def check_request(
    spec: Spec,
    op: Operation,
    path_params: dict[str, str],
    query: dict[str, list[str]],
    body: bytes,
    content_type: str,
) -> tuple[dict[str, Any], Any, list[str]]:
    """Typed params, parsed body and the problems found (empty = valid)."""
    problems: list[str] = []
    params: dict[str, Any] = {}
    known = {p.name: p for p in op.parameters}
    for name, raw in path_params.items():
        p = known[name]
        value = coerce_query(p, [raw])
        problems += [f"path {name}: {e}" for e in spec.errors(p.schema, value)]
        params[name] = value
    for name, raw_values in query.items():
        if name in ("access_token", "token"):
            continue
        q = known.get(name)
        if q is None or q.location != "query":
            problems.append(f"query parameter {name!r} is not in the spec")
            continue
        value = coerce_query(q, raw_values)
        problems += [f"query {name}: {e}" for e in spec.errors(q.schema, value)]
        params[name] = value
    for p in op.params_in("query"):
        if p.required and p.name not in params:
            problems.append(f"missing required query parameter {p.name!r}")
    parsed: Any = None
    body_param = op.body
    if body:
        if body_param is None:
            if not op.params_in("formData"):
                problems.append("a body was sent but the operation takes none")
        elif "json" in content_type:
            try:
                parsed = json.loads(body)
            except ValueError:
                problems.append("the body is not JSON")
            else:
                problems += [f"body {e}" for e in spec.errors(body_param.schema, parsed)]
        else:
            parsed = body.decode("utf-8", "replace")
    elif body_param is not None and body_param.required:
        problems.append("missing required body")
    return params, parsed, problems


def check_reply(spec: Spec, op: Operation, status: int, body: Any, is_json: bool) -> list[str]:
    """Problems of a reply: undocumented status, or a body that does not fit its schema."""
    documented = spec.response(op, status)
    if documented is None:
        if status in GENERIC_STATUSES or status == 304:
            if status >= 400 and is_json:
                error_schema = spec.convert(spec.raw["definitions"]["APIError"])
                return [f"error body {e}" for e in spec.errors(error_schema, body)]
            return []
        return [f"status {status} is not documented for {op.operation_id}"]
    schema = spec.response_schema(op, status)
    if schema is None or not is_json:
        return []
    return [f"reply {status} {e}" for e in spec.errors(schema, body)]
