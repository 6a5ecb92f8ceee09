"""Receive sajn webhooks in Starlette, verified by signhook, each event processed once.

    pip install signhook starlette uvicorn redis
    REDIS_URL=redis://127.0.0.1:6379 SAJN_WEBHOOK_SECRET=... uvicorn starlette_app:app
"""

import logging
import os

import redis.asyncio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from signhook import AsyncDedupeGuard, AsyncRedisStore, Event, Webhook
from signhook.starlette import verify_webhook

# Uvicorn shows its own loggers only: give the app's a handler, at a level you see.
logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
logger = logging.getLogger("webhooks")

# Build the verifier once, at start-up.
sajn = Webhook("sajn", secret=os.environ["SAJN_WEBHOOK_SECRET"])

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")  # shared by every instance
# The endpoint runs once per event: redeliveries get 200 without it; if it fails, sajn retries.
dedupe = AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis.from_url(REDIS_URL)))


@verify_webhook(sajn, dedupe=dedupe)
async def sajn_webhook(request: Request, event: Event) -> JSONResponse:
    # Only verified requests get here; others were answered 401/400/413 with a JSON error.
    # sajn sends no event id: event.id is derived from the event, stable across retries.
    if event.kind == "document.signed" and event.signer is not None and event.document is not None:
        logger.info("%s signed %s", event.signer.name, event.document.name)
    return JSONResponse({"status": "processed", "id": event.id, "kind": event.kind})


app = Starlette(routes=[Route("/webhooks/sajn", sajn_webhook, methods=["POST"])])
