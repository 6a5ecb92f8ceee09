"""The signhook demo server for Python: Flask routes behind `signhook.flask.verify_webhook`.

Reads demo/samples.json, configures one verifier per provider (the current secret only;
Krebit also checks its client id, Adobe has only its client id), answers the event as JSON
and in X-Event-Kind and X-Event-Id (which survive Dropbox Sign's required answer), listens on 127.0.0.1 on a free port, prints
`listening <port>` once ready and serves until SIGTERM or SIGINT.

    bindings-python/setup.sh && bindings-python/.venv/bin/python bindings-python/demo/server.py
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any, Optional

from flask import Flask
from werkzeug.serving import make_server

from signhook import Event, Webhook
from signhook.flask import verify_webhook

SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "samples.json"


def create_app(samples: dict[str, Any]) -> Flask:
    app = Flask("signhook-demo")
    for provider, sample in samples.items():
        # Adobe Acrobat Sign has no secret: its client id is the check.
        webhook = Webhook(provider, secret=sample.get("secret"), client_id=sample.get("client_id"))

        def receive(event: Event) -> tuple[dict[str, str], int, dict[str, str]]:
            headers = {"X-Event-Kind": event.kind, "X-Event-Id": event.id}
            return {"kind": event.kind, "id": event.id, "type": event.type}, 200, headers

        app.add_url_rule(
            f"/webhooks/{provider}",
            endpoint=provider,
            view_func=verify_webhook(webhook)(receive),
            # A provider that checks the URL first (Adobe) sends a GET, answered by the helper.
            methods=["GET", "POST"] if webhook.has_handshake else ["POST"],
        )
    return app


def main() -> None:
    samples = json.loads(SAMPLES.read_text(encoding="utf-8"))
    app = create_app({**samples["providers"], **samples["body_not_covered"]})
    server = make_server("127.0.0.1", 0, app, threaded=True)

    def stop(signum: int, frame: Optional[FrameType]) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
