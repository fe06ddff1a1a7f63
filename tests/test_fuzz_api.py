"""Fuzz every route of the app with generated bad input: no answer is a 5xx (issue 16, hole 5).

The routes are enumerated from the app itself (every HTTP route handler and method, the API,
the webhooks and the web view). Each gets bad path values, bodies that are not JSON or too deep
to parse, and, where the OpenAPI schema describes a JSON body, a plausible body with one field
at a time replaced by a hostile value (NUL bytes, lone surrogates, integers past ``bigint``,
numbers PostgreSQL or pgvector cannot hold, deep or huge JSON, wrong types). Gitea webhooks are
signed with the configured secret, so malformed payloads reach the mirror. A fixed seed and a
cap per route keep it bounded and repeatable; everything stays on loopback (an in-process client).
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient
from pydantic import SecretStr

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.settings import AppSettings
from ingest.gitea.webhooks.signature import sign
from tests.api_client import AUTH, TOKEN

SEED = 16_05
PER_ROUTE = 60
WEBHOOK_SECRET = "fuzz-webhook-secret"

BAD_VALUES: list[Any] = [
    "nul\x00byte",
    "\ud800 lone surrogate",
    "",
    "x" * 70_000,
    2**64,
    2**63,
    -(2**63) - 1,
    2**31,
    -1,
    0,
    1e308,
    -1e308,
    1.5,
    True,
    None,
    [],
    ["\x00"] * 3,
    ["goal"] * 70_000,
    {},
    {"k\x00": 1},
    {"deep": json.loads("[" * 200 + "]" * 200)},
    {"big": "y" * 300_000},
    [0.1] * 3,
    [1e39] * 384,
]

WHOLE_BODIES: list[bytes] = [
    b"\x00\xffnot json",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    b"null",
    b"[]",
    b'"just a string"',
    b"{}",
    b'{"unknown": "\\u0000"}',
    b"1e999",
]

PATH_VALUES = ["18446744073709551616", "9223372036854775808", "0", "-1", "1", "%00", "a" * 3000]

GITEA_EVENTS = ["issues", "issue_comment", "pull_request", "push", "wiki", "pull_request_review"]


def _routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) of every HTTP route handler of the app."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for method in route.methods:
                if method not in ("HEAD", "OPTIONS"):
                    found.add((method, route.path))
    return sorted(found)


def _paths(template: str, rng: random.Random) -> list[str]:
    if "{" not in template:
        return [template]
    return [
        re.sub(r"\{[^}]+\}", lambda _: rng.choice(PATH_VALUES), template)
        for _ in range(len(PATH_VALUES))
    ]


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        resolved: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _sample(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    schema = _resolve(schema, spec)
    if "enum" in schema:
        return schema["enum"][0]
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        if _resolve(option, spec).get("type") != "null":
            return _sample(option, spec)
    kind = schema.get("type")
    return {
        "string": "fuzz",
        "integer": 1,
        "number": 1.0,
        "boolean": True,
        "array": [],
        "object": {},
    }.get(kind if isinstance(kind, str) else "object", "fuzz")


def _mutated_bodies(
    path: str, method: str, spec: dict[str, Any], rng: random.Random
) -> list[bytes]:
    """A plausible body per the schema, with one field at a time set to a bad value."""
    operation = spec["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = _resolve(content["schema"], spec)
    properties: dict[str, Any] = schema.get("properties", {})
    base = {name: _sample(sub, spec) for name, sub in properties.items()}
    bodies = [json.dumps(base).encode()]
    for name in properties:
        for value in rng.sample(BAD_VALUES, 8):
            body = {**base, name: value}
            bodies.append(json.dumps(body).encode())
    return bodies


def _gitea_bodies(rng: random.Random) -> list[tuple[str, bytes]]:
    """Signed-but-malformed webhook payloads: parts missing, parts of the wrong type."""
    shapes: list[dict[str, Any]] = [
        {},
        {"action": "opened"},
        {"action": "opened", "repository": {"full_name": "acme/app"}},
        {"action": "opened", "repository": {"full_name": "acme/app"}, "issue": "not an object"},
        {"action": "opened", "repository": {"full_name": "acme/app"}, "issue": {"number": "7"}},
        {
            "action": "created",
            "repository": {"full_name": "acme/app"},
            "issue": {"number": 1},
            "comment": None,
        },
        {
            "action": "opened",
            "repository": {"full_name": "acme/app"},
            "pull_request": {"number": 2**70},
        },
        {"repository": {"full_name": 5}, "commits": "none", "ref": None},
        {"repository": None, "pages": [{"title": "\x00"}]},
    ]
    out: list[tuple[str, bytes]] = []
    for event in GITEA_EVENTS:
        for shape in shapes:
            noisy = {**shape, rng.choice(["number", "sender", "issue"]): rng.choice(BAD_VALUES)}
            out += [(event, json.dumps(shape).encode()), (event, json.dumps(noisy).encode())]
    return out


async def _post_gitea(client: AsyncTestClient[Litestar], event: str, body: bytes, n: int) -> int:
    headers = {
        "X-Gitea-Event": event,
        "X-Gitea-Delivery": f"fuzz-{n}",
        "X-Gitea-Signature": sign(WEBHOOK_SECRET, body),
        "Content-Type": "application/json",
    }
    return (await client.post("/gitea/webhook", content=body, headers=headers)).status_code


async def test_no_route_answers_bad_input_with_a_5xx(board: Board) -> None:
    settings = AppSettings(
        board=board.settings,
        gitea=GiteaSettings(webhook_secret=SecretStr(WEBHOOK_SECRET), token=None, allow=["acme"]),
    )
    app = create_app(settings, board=board, token=TOKEN)
    rng = random.Random(SEED)
    failures: list[str] = []
    sent = 0
    async with AsyncTestClient(app=app) as client:
        client.headers.update(AUTH)
        spec = (await client.get("/schema/openapi.json")).json()
        routes = _routes(app)
        assert len(routes) >= 15, routes  # the API, the webhooks and the web view
        for method, template in routes:
            tries: list[tuple[str, bytes | None]] = []
            for path in _paths(template, rng):
                tries.append((path, None))
                if method in ("POST", "PUT", "PATCH"):
                    tries += [(path, body) for body in WHOLE_BODIES]
                    tries += [(path, body) for body in _mutated_bodies(template, method, spec, rng)]
            rng.shuffle(tries)
            for path, body in tries[:PER_ROUTE]:
                headers = {"Content-Type": "application/json"} if body is not None else {}
                response = await client.request(method, path, content=body, headers=headers)
                sent += 1
                if response.status_code >= 500:
                    shown = (body or b"")[:120]
                    failures.append(f"{method} {path[:80]} {shown!r} -> {response.status_code}")
        for n, (event, body) in enumerate(_gitea_bodies(rng)):
            status = await _post_gitea(client, event, body, n)
            sent += 1
            if status >= 500:
                failures.append(f"gitea {event} {body[:120]!r} -> {status}")
    assert sent > 500
    assert failures == []
