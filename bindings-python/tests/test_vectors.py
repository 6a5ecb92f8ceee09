"""Every shared vector in tests/vectors/, through the Python binding.

A case is run as core/tests/vectors.rs runs it, and must reach the same outcome: the event
fields (and `payload` equal to `json.loads` of the body, or of the case's `payload` when the
event's JSON is one part of the body, the `json` field of a Dropbox Sign form), or the error
code. Cases marked
`bindings_only` hand `verify` an already-parsed body and expect BODY_NOT_RAW.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from conftest import REPO
from werkzeug.datastructures import Headers

from signhook import Webhook, WebhookVerificationError

CASES = [
    case
    for path in sorted((REPO / "tests" / "vectors").glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
]


def secret(value: Any) -> str | bytes:
    return value if isinstance(value, str) else base64.b64decode(value["base64"])


def body_of(case: dict[str, Any]) -> Any:
    if case.get("bindings_only"):
        return case["body_parsed"]
    if "body" in case:
        return case["body"].encode()
    return base64.b64decode(case["body_base64"])


def run(case: dict[str, Any], headers: Any) -> dict[str, Any]:
    try:
        webhook = Webhook(
            case["provider"],
            secrets=[secret(s) for s in case["secrets"]],
            **case.get("options", {}),
        )
    except WebhookVerificationError as error:
        return {"error": error.code}
    body = body_of(case)
    url = case.get("url")
    try:
        # A case that expects several events runs verify_all; the others verify.
        if "events" in case["expect"]:
            events = webhook.verify_all(body, headers, now=case["now"], url=url)
        else:
            events = [webhook.verify(body, headers, now=case["now"], url=url)]
    except WebhookVerificationError as error:
        return {"error": error.code}
    # Only bodies of verified events are parsed here (one error case nests 100000 arrays).
    # The payload is the case's `payload` (a form's JSON field) or the body, or its i-th
    # element when that is an array of events.
    parsed = json.loads(case["payload"] if "payload" in case else body)
    out = []
    for i, event in enumerate(events):
        fields = event.to_dict()
        assert fields.pop("payload") == (parsed[i] if isinstance(parsed, list) else parsed)
        assert event.payload is event.payload, "payload is parsed once and kept"
        out.append(fields)
    return {"events": out} if "events" in case["expect"] else {"event": out[0]}


def test_every_vector_file_is_loaded() -> None:
    assert len(CASES) >= 180
    assert len({c["name"] for c in CASES}) == len(CASES)
    # Dropbox Sign's form cases, whose payload is one field of the body, are among them.
    assert sum("payload" in c for c in CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector_with_pairs(case: dict[str, Any]) -> None:
    headers = [(name, value) for name, value in case["headers"]]
    assert run(case, headers) == case["expect"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector_with_werkzeug_headers(case: dict[str, Any]) -> None:
    # A multi-valued mapping, read through its getlist(): repeated headers are all seen.
    headers = Headers([(name, value) for name, value in case["headers"]])
    assert run(case, headers) == case["expect"]
