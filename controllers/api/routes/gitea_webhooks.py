"""POST /gitea/webhook: Gitea's webhooks, authenticated by HMAC signature (not the API token).

Missing or wrong ``X-Gitea-Signature`` -> 401 and nothing stored. A delivery id seen before
(``X-Gitea-Delivery``) is acknowledged and ignored. Everything the payload itself holds is written
to the board before the answer goes back (so an acknowledged delivery is never lost), without
calling Gitea's API: the answer comes well within Gitea's delivery timeout (5 s by default)
whatever the API is doing. What needs the API (a pull request's files and reviews, pushed
documentation, a wiki page) is fetched afterwards in the background (``Enrichment``, bounded,
logged on failure); the periodic sync completes what it could not. A payload the mirror cannot
read is acknowledged as ``unreadable`` (logged), never answered with a 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from litestar import Litestar, Request, Response, post
from litestar.datastructures import State

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.runtime import Board
from controllers.api.dependencies import board_of
from ingest.gitea.webhooks import dedupe, signature
from ingest.gitea.webhooks.enrichment import Enrichment
from ingest.gitea.webhooks.events import enrich_event, store_event
from ingest.gitea.webhooks.payloads import PayloadError, family

logger = logging.getLogger(__name__)
WEBHOOK_PATH = "/gitea/webhook"
ENRICHMENT = "gitea_enrichment"
"""The app state key of the deliveries' background ``Enrichment``."""


def _answer(code: int, **body: Any) -> Response[dict[str, Any]]:
    return Response(body, status_code=code)


def enrichment_of(state: State, settings: GiteaSettings) -> Enrichment:
    """The app's background enrichment (made on first use)."""
    found = state.get(ENRICHMENT)
    if not isinstance(found, Enrichment):
        found = Enrichment(settings.webhook_enrich_timeout)
        state[ENRICHMENT] = found
    return found


async def close_enrichment(app: Litestar) -> None:
    """Shutdown hook: cancel the enrichment still running (the next sync completes it)."""
    found = app.state.get(ENRICHMENT)
    if isinstance(found, Enrichment):
        await found.close()


@post(WEBHOOK_PATH, tags=["gitea"], status_code=200)
async def gitea_webhook(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """Verify, dedupe and store one Gitea webhook delivery; enrich it in the background."""
    state = request.app.state
    board = board_of(state)
    settings: GiteaSettings = state.gitea_settings  # put there by BoardAppPlugin
    body = await request.body()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    if not signature.verify(secret, body, request.headers.get("x-gitea-signature")):
        logger.warning("rejected a Gitea webhook with a missing or wrong signature")
        return _answer(401, detail="missing or invalid X-Gitea-Signature")
    delivery = request.headers.get("x-gitea-delivery", "").strip()
    header = request.headers.get("x-gitea-event", "").strip()
    if not delivery or not header:
        return _answer(400, detail="missing X-Gitea-Delivery or X-Gitea-Event")
    try:
        payload = json.loads(body)
    except ValueError:
        return _answer(400, detail="the body is not JSON")
    if not isinstance(payload, dict):
        return _answer(400, detail="the body is not a JSON object")
    event = family(header, request.headers.get("x-gitea-event-type", "").strip(), payload)
    try:
        async with dedupe.claim(board, delivery) as claim:
            if claim.duplicate:
                return _answer(200, status="duplicate", delivery=delivery)
            stored = await store_event(board, settings, event, payload)
            handled = bool(stored.report.repos)
            claim.record({"event": event, "handled": handled, "writes": stored.report.writes})
    except (PayloadError, KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("gitea webhook %s (%s) not understood: %r", delivery, event, exc)
        return _answer(200, status="unreadable", delivery=delivery, event=event, detail=str(exc))
    if stored.enrich:
        factory: Callable[[], GiteaClient] = state.get("gitea_client_factory") or (
            lambda: GiteaClient(settings)
        )
        enrichment_of(state, settings).spawn(
            f"{event} {delivery}", lambda: _enrich(board, factory, settings, event, stored.payload)
        )
    logger.info("gitea webhook %s (%s): %s", delivery, event, "stored" if handled else "ignored")
    return _answer(
        200,
        status="stored" if handled else "ignored",
        delivery=delivery,
        event=event,
        writes=stored.report.writes,
        enriching=stored.enrich,
    )


async def _enrich(
    board: Board,
    factory: Callable[[], GiteaClient],
    settings: GiteaSettings,
    event: str,
    payload: dict[str, Any],
) -> None:
    async with factory() as client:
        report = await enrich_event(board, GiteaAPI(client), settings, event, payload)
    logger.info("gitea webhook %s enriched: %s writes", event, report.writes)
