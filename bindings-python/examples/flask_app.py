"""Receive Propper webhooks in Flask, verified by signhook, each event processed once.

    pip install signhook flask redis
    REDIS_URL=redis://127.0.0.1:6379 PROPPER_WEBHOOK_SECRET=whsec_... flask --app flask_app run
"""

import logging
import os

import redis
from flask import Flask

from signhook import DedupeGuard, Event, RedisStore, Webhook
from signhook.flask import verify_webhook

app = Flask(__name__)
app.logger.setLevel(logging.INFO)  # Flask logs warnings and errors only, by default

# Build the verifier once, at start-up. While you rotate the secret, configure both:
# the new one first, the previous one until the provider has switched.
propper = Webhook(
    "propper",
    secrets=[
        secret
        for secret in (
            os.environ["PROPPER_WEBHOOK_SECRET"],
            os.environ.get("PROPPER_WEBHOOK_SECRET_PREVIOUS"),
        )
        if secret
    ],
)

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")  # shared by every instance
# The view runs once per event: redeliveries get 200 without it; if it fails, Propper retries.
dedupe = DedupeGuard(RedisStore(redis.Redis.from_url(REDIS_URL)))


@app.post("/webhooks/propper")
@verify_webhook(propper, dedupe=dedupe)
def propper_webhook(event: Event) -> dict[str, str]:
    # Only verified requests get here; others were answered 401/400/413 with a JSON error.
    if event.kind == "document.completed" and event.document is not None:
        app.logger.info("%s completed, download: %s", event.document.name, event.download_url)
    return {"status": "processed", "id": event.id, "kind": event.kind}


if __name__ == "__main__":
    app.run(port=8000)
