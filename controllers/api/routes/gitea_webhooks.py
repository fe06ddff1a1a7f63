"""POST /gitea/webhook: Gitea's webhooks, authenticated by HMAC signature (not the API token).

Missing or wrong ``X-Gitea-Signature`` -> 401 and nothing stored. A delivery id seen before
(``X-Gitea-Delivery``) is acknowledged and ignored. Everything else is written to the board
before the answer goes back, so an acknowledged delivery is never lost.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from litestar import Request, Response, post

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from controllers.api.dependencies import board_of
from ingest.gitea.webhooks import dedupe, signature
from ingest.gitea.webhooks.events import apply_event, normalize

logger = logging.getLogger(__name__)
WEBHOOK_PATH = "/gitea/webhook"


def _answer(code: int, **body: Any) -> Response[dict[str, Any]]:
    return Response(body, status_code=code)


@post(WEBHOOK_PATH, tags=["gitea"], status_code=200)
async def gitea_webhook(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """Verify, dedupe and apply one Gitea webhook delivery."""
    state = request.app.state
    board = board_of(state)
    settings: GiteaSettings = state.gitea_settings  # put there by BoardAppPlugin
    body = await request.body()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    if not signature.verify(secret, body, request.headers.get("x-gitea-signature")):
        logger.warning("rejected a Gitea webhook with a missing or wrong signature")
        return _answer(401, detail="missing or invalid X-Gitea-Signature")
    delivery = request.headers.get("x-gitea-delivery", "").strip()
    event = normalize(
        request.headers.get("x-gitea-event", "").strip(),
        request.headers.get("x-gitea-event-type", "").strip(),
    )
    if not delivery or not event:
        return _answer(400, detail="missing X-Gitea-Delivery or X-Gitea-Event")
    try:
        payload = json.loads(body)
    except ValueError:
        return _answer(400, detail="the body is not JSON")
    if not isinstance(payload, dict):
        return _answer(400, detail="the body is not a JSON object")
    factory: Callable[[], GiteaClient] = state.get("gitea_client_factory") or (
        lambda: GiteaClient(settings)
    )
    try:
        async with dedupe.claim(board, delivery) as claim:
            if claim.duplicate:
                return _answer(200, status="duplicate", delivery=delivery)
            async with factory() as client:
                report = await apply_event(board, GiteaAPI(client), settings, event, payload)
            handled = bool(report.repos)
            claim.record({"event": event, "handled": handled, "writes": report.writes})
    except GiteaError as exc:
        logger.warning("gitea webhook %s (%s) needs Gitea, which failed: %s", delivery, event, exc)
        return _answer(
            502,
            detail=f"could not complete from Gitea ({exc.operation}); the next sync will catch up",
        )
    logger.info("gitea webhook %s (%s): %s", delivery, event, "stored" if handled else "ignored")
    return _answer(
        200,
        status="stored" if handled else "ignored",
        delivery=delivery,
        event=event,
        writes=report.writes,
    )
