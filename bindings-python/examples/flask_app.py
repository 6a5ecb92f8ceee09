"""Receive Propper webhooks in Flask, verified by signhook.

    pip install signhook flask
    PROPPER_WEBHOOK_SECRET=whsec_... flask --app flask_app run
"""

import logging
import os

from flask import Flask

from signhook import Event, Webhook
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

# Providers redeliver events; event.id is stable across redeliveries. Use your database.
processed: set[str] = set()


@app.post("/webhooks/propper")
@verify_webhook(propper)
def propper_webhook(event: Event) -> dict[str, str]:
    # Only verified requests get here; others were answered 401/400/413 with a JSON error.
    if event.id in processed:
        return {"status": "duplicate", "id": event.id}
    processed.add(event.id)
    if event.kind == "document.completed" and event.document is not None:
        app.logger.info("%s completed, download: %s", event.document.name, event.download_url)
    return {"status": "processed", "id": event.id, "kind": event.kind}


if __name__ == "__main__":
    app.run(port=8000)
