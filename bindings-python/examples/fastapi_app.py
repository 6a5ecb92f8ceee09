"""Receive Krebit Sign webhooks in FastAPI, verified by signhook, each event processed once.

    pip install signhook fastapi uvicorn redis
    export REDIS_URL=redis://127.0.0.1:6379 KREBIT_WEBHOOK_SECRET=... KREBIT_CLIENT_ID=...
    uvicorn fastapi_app:app
"""

import logging
import os

import redis.asyncio
from fastapi import Depends, FastAPI

from signhook import AsyncDedupeGuard, AsyncRedisStore, Event, Webhook
from signhook.fastapi import add_error_handler, verify_webhook

# Uvicorn shows its own loggers only: give the app's a handler, at a level you see.
logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
logger = logging.getLogger("webhooks")

KREBIT_SECRET = os.environ["KREBIT_WEBHOOK_SECRET"]
KREBIT_CLIENT_ID = os.environ["KREBIT_CLIENT_ID"]

# Build the verifier once, at start-up. Krebit also sends your client id: it is checked.
krebit = Webhook("krebit", secret=KREBIT_SECRET, client_id=KREBIT_CLIENT_ID)

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")  # shared by every instance
# The route runs once per event: redeliveries get 200 without it; if it raises, Krebit retries.
dedupe = AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis.from_url(REDIS_URL)))

app = FastAPI()
add_error_handler(app)  # answers failures ({"error", "message"}) and duplicates (200)


@app.post("/webhooks/krebit")
async def krebit_webhook(
    event: Event = Depends(verify_webhook(krebit, dedupe=dedupe)),
) -> dict[str, str]:
    # Only verified requests get here; others were answered 401/400/413 with a JSON error.
    if event.kind == "document.completed" and event.document is not None:
        logger.info("%s completed, download: %s", event.document.name, event.download_url)
    return {"status": "processed", "id": event.id, "kind": event.kind}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8000)
