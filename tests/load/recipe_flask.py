"""The providers' hand-written recipe in Flask, for comparison: hmac.new(...).hexdigest(),
hmac.compare_digest, json.loads — served by the same werkzeug server as the signhook app."""
import hashlib
import hmac
import json
import pathlib
import signal
import sys

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

samples = json.loads((pathlib.Path(__file__).parents[2] / "demo" / "samples.json").read_text("utf-8"))
SECRET = samples["providers"]["propper"]["secret"].encode()
app = Flask(__name__)


@app.post("/webhooks/propper")
def propper():
    body = request.get_data()
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Propper-Signature", "")):
        return jsonify(error="invalid signature"), 401
    event = json.loads(body)
    return jsonify(kind=event["type"], id=event["id"], type=event["type"])


server = make_server("127.0.0.1", 0, app, threaded=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening {server.port}", flush=True)
server.serve_forever()
