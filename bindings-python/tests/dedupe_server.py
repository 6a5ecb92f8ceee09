"""A Flask instance of a webhook app that processes each Propper event once across every
instance sharing one Redis: the twin of bindings-node/test/dedupe-server.mjs, for the test
where Express and Flask instances share one Redis (bindings-node/test/dedupe-mixed.test.mjs).
The view counts its runs in Redis itself (``runs:<id>``).

    REDIS_URL=redis://127.0.0.1:PORT SECRET=... python dedupe_server.py

Prints ``listening PORT`` once it serves; FAIL_FIRST as in the Node server.
"""

from __future__ import annotations

import logging
import os
import random
import time

import redis
from flask import Flask, Response
from werkzeug.serving import make_server

from signhook import DedupeGuard, Event, RedisStore, Webhook
from signhook.flask import verify_webhook

client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1)
guard = DedupeGuard(RedisStore(client))
webhook = Webhook("propper", secret=os.environ["SECRET"])
fail_first = os.environ.get("FAIL_FIRST")

app = Flask(__name__)


@app.post("/webhooks/propper")
@verify_webhook(webhook, dedupe=guard)
def receive(event: Event) -> Response:
    runs = client.incr(f"runs:{event.id}")
    time.sleep((2 + random.random() * 10) / 1000)  # some work
    if fail_first and event.id.startswith(fail_first) and runs == 1:
        return Response('{"error": "try again"}', status=500, mimetype="application/json")
    return Response(status=204)


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"listening {server.server_port}", flush=True)
    server.serve_forever()
