"""The Python side of the differential test: reads cases as JSON lines on stdin and prints one
outcome per line ({id, error} or {id, event, payload}).

    bindings-python/.venv/bin/python tests/differential/runner.py < cases.jsonl

Runs the installed signhook wheel. Bodies are passed as str, bytes or bytearray, and headers
in each shape a framework hands over (pairs, a dict of lists, a flat list, werkzeug's Headers),
so that every input path is exercised.
"""

import base64
import json
import sys

from signhook import Webhook, WebhookVerificationError
from werkzeug.datastructures import Headers


def secret(value):
    return value if isinstance(value, str) else base64.b64decode(value["base64"])


def dict_headers(pairs):
    out = {}
    for name, value in pairs:
        out.setdefault(name.lower(), []).append(value)
    return out


def headers_of(case):
    """The headers in one of the shapes frameworks hand over, chosen by the case's id."""
    pairs = [tuple(h) for h in case["headers"]]
    shape = case["id"] % 4
    if shape == 0:
        return pairs
    if shape == 1:
        return dict_headers(pairs)  # a dict of lists
    if shape == 2:
        return [x for pair in pairs for x in pair]  # a flat [name, value, ...] list
    if any("\n" in v or "\r" in v for _, v in pairs):
        return pairs  # werkzeug refuses newlines in values (no request carries them)
    return Headers(pairs)  # werkzeug's (Flask's) multi-valued headers


def body_of(case):
    if "body" not in case:
        raw = base64.b64decode(case["body_base64"])
        return raw if case["id"] % 2 else bytearray(raw)
    return case["body"] if case["id"] % 2 else case["body"].encode("utf-8")


def run(case):
    try:
        webhook = Webhook(case["provider"], secrets=[secret(s) for s in case["secrets"]],
                          **case.get("options", {}))
        event = webhook.verify(body_of(case), headers_of(case), now=case["now"])
        fields = event.to_dict()
        payload = fields.pop("payload")
        return {"id": case["id"], "event": fields, "payload": payload}
    except WebhookVerificationError as error:
        return {"id": case["id"], "error": error.code}
    except Exception as error:  # noqa: BLE001 - reported as a disagreement, not a crash
        return {"id": case["id"], "crash": "%s: %s" % (type(error).__name__, error)}


def main():
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(run(json.loads(line)), ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
