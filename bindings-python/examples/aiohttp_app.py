"""Receive Propper webhooks in aiohttp, verified by signhook, each event processed once.

    pip install signhook aiohttp redis
    REDIS_URL=redis://127.0.0.1:6379 PROPPER_WEBHOOK_SECRET=whsec_... python aiohttp_app.py
"""

import logging
import os

import redis.asyncio
from aiohttp import web

from signhook import AsyncDedupeGuard, AsyncRedisStore, Event, Webhook
from signhook.aiohttp import verify_webhook

# aiohttp configures no logging: give the app's logger a handler, at a level you see.
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
logger = logging.getLogger("webhooks")

# Build the verifier once, at start-up.
propper = Webhook("propper", secret=os.environ["PROPPER_WEBHOOK_SECRET"])

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")  # shared by every instance
# The handler runs once per event: redeliveries get 200 without it; if it fails, Propper retries.
dedupe = AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis.from_url(REDIS_URL)))


@verify_webhook(propper, dedupe=dedupe)
async def propper_webhook(request: web.Request, event: Event) -> web.Response:
    # Only verified requests get here; others were answered 401/400/413 with a JSON error.
    if event.kind == "document.completed" and event.document is not None:
        logger.info("%s completed, download: %s", event.document.name, event.download_url)
    return web.json_response({"status": "processed", "id": event.id, "kind": event.kind})


app = web.Application()
app.router.add_post("/webhooks/propper", propper_webhook)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
