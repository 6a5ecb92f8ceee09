"""signhook.fastapi with FastAPI's test client."""

from __future__ import annotations

import json
from typing import Optional

from conftest import SAMPLES, sample_body
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from signhook import Event, Webhook
from signhook.fastapi import add_error_handler, verify_webhook

krebit = Webhook("krebit", secret=SAMPLES["krebit"]["secret"], client_id=SAMPLES["krebit"]["client_id"])

app = FastAPI()
add_error_handler(app)


@app.post("/webhooks/krebit")
# Optional, not `str | None`: FastAPI evaluates the annotation at run time, also on 3.9.
async def krebit_webhook(event: Event = Depends(verify_webhook(krebit))) -> dict[str, Optional[str]]:
    return {"id": event.id, "kind": event.kind, "client_id": event.client_id}


@app.post("/webhooks/krebit/echo")
async def krebit_echo(request: Request, event: Event = Depends(verify_webhook(krebit))) -> dict[str, object]:
    # The route can still read the body the dependency read.
    return {"id": event.id, "length": len(await request.body()), "json": (await request.json())["id"]}


client = TestClient(app)


def test_fastapi_route_receives_the_event() -> None:
    body = sample_body("krebit", 2)
    response = client.post("/webhooks/krebit", content=body, headers=krebit.sign(body))
    assert response.status_code == 200
    assert response.json() == {"id": json.loads(body)["id"], "kind": "document.cancelled",
                               "client_id": SAMPLES["krebit"]["client_id"]}


def test_fastapi_rejection_is_json_with_the_spec_status() -> None:
    body = sample_body("krebit")
    headers = {**krebit.sign(body), "X-Client-Id": "client_other"}
    response = client.post("/webhooks/krebit", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "CLIENT_ID_MISMATCH"
    oversize = b'{"id":"evt","type":"x","pad":"' + b"x" * (2 << 20) + b'"}'
    response = client.post("/webhooks/krebit", content=oversize, headers=krebit.sign(oversize))
    assert (response.status_code, response.json()["error"]) == (413, "PAYLOAD_TOO_LARGE")


def test_the_route_can_read_the_body_the_dependency_read() -> None:
    body = sample_body("krebit")
    response = client.post("/webhooks/krebit/echo", content=body, headers=krebit.sign(body))
    event_id = json.loads(body)["id"]
    assert response.json() == {"id": event_id, "length": len(body), "json": event_id}
