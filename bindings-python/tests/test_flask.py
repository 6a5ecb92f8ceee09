"""A real Flask app on 127.0.0.1 receiving real HTTP requests, one set per provider."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import SAMPLES, post, sample_body, serve
from flask import Flask, request

from signhook import Event, Webhook, WebhookVerificationError
from signhook.flask import error_response, verify_webhook

PROVIDERS = ["krebit", "sajn", "propper"]
LIMIT = 64 * 1024


def verifier(provider: str, *secrets: str) -> Webhook:
    return Webhook(provider, secrets=list(secrets), client_id=SAMPLES[provider].get("client_id"),
                   max_body_bytes=LIMIT)


def create_app() -> Flask:
    app = Flask(__name__)
    # For views that call webhook.verify themselves.
    app.register_error_handler(WebhookVerificationError, error_response)
    for provider in PROVIDERS:
        # Rotating: the current secret and the previous one are both accepted.
        webhook = verifier(provider, SAMPLES[provider]["secret"], SAMPLES[provider]["previous_secret"])

        @verify_webhook(webhook)
        def receive(event: Event) -> dict[str, str | None]:
            return {"kind": event.kind, "id": event.id, "type": event.type, "client_id": event.client_id}

        def receive_parsed(webhook: Webhook = webhook) -> dict[str, str]:
            # The classic mistake: verifying the parsed JSON instead of the raw bytes.
            event = webhook.verify(request.get_json(), request.headers)
            return {"id": event.id}

        app.add_url_rule(f"/webhooks/{provider}", f"{provider}", receive, methods=["POST"])
        app.add_url_rule(f"/parsed/{provider}", f"{provider}-parsed", receive_parsed, methods=["POST"])
    return app


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(create_app()) as base:
        yield base


def signed(provider: str, body: bytes, secret: str | None = None) -> dict[str, str]:
    return verifier(provider, secret or SAMPLES[provider]["secret"]).sign(body)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_valid_request_reaches_the_view(url: str, provider: str) -> None:
    body = sample_body(provider)
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body))
    assert status == 200
    assert answer["type"] == json.loads(body).get("type", json.loads(body).get("event"))
    assert answer["kind"] == "document.sent"
    assert answer["client_id"] == SAMPLES[provider].get("client_id")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_rotated_secret_still_verifies(url: str, provider: str) -> None:
    body = sample_body(provider, 1)
    headers = signed(provider, body, SAMPLES[provider]["previous_secret"])
    status, answer = post(f"{url}/webhooks/{provider}", body, headers)
    assert status == 200
    assert answer["kind"] != "unknown"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_tampered_body_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    headers = signed(provider, body)
    tampered = body.replace(b"2026-01-01", b"2026-01-02", 1)
    assert tampered != body
    status, answer = post(f"{url}/webhooks/{provider}", tampered, headers)
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")
    assert "raw request bytes" in answer["message"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_secret_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body, "whsec_someone_else"))
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_missing_signature_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    headers = {k: v for k, v in signed(provider, body).items() if k == "X-Client-Id"}
    status, answer = post(f"{url}/webhooks/{provider}", body, headers)
    assert (status, answer["error"]) == (401, "MISSING_SIGNATURE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_short_signature_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    headers = {name: value[:-2] if "Signature" in name else value
               for name, value in signed(provider, body).items()}
    status, answer = post(f"{url}/webhooks/{provider}", body, headers)
    assert (status, answer["error"]) == (401, "MALFORMED_SIGNATURE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_oversize_body_is_413(url: str, provider: str) -> None:
    event = json.loads(sample_body(provider))
    event["padding"] = "x" * (LIMIT + 1000)
    body = json.dumps(event).encode()
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body))
    assert (status, answer["error"]) == (413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_parsed_body_passed_by_mistake_is_500_body_not_raw(url: str, provider: str) -> None:
    body = sample_body(provider)
    status, answer = post(f"{url}/parsed/{provider}", body, signed(provider, body))
    assert (status, answer["error"]) == (500, "BODY_NOT_RAW")
    assert "request.get_data()" in answer["message"]


def test_krebit_client_id_is_checked(url: str) -> None:
    body = sample_body("krebit")
    headers = {**signed("krebit", body), "X-Client-Id": "client_someone_else"}
    status, answer = post(f"{url}/webhooks/krebit", body, headers)
    assert (status, answer["error"]) == (401, "CLIENT_ID_MISMATCH")


def test_async_views_are_supported() -> None:
    pytest.importorskip("asgiref")
    app = Flask(__name__)
    webhook = Webhook("propper", secret="s")

    @app.post("/hook")
    @verify_webhook(webhook, argument="webhook_event")
    async def hook(webhook_event: Event) -> dict[str, str]:
        return {"id": webhook_event.id}

    body = sample_body("propper")
    response = app.test_client().post("/hook", data=body, headers=webhook.sign(body))
    assert response.status_code == 200 and response.get_json() == {"id": json.loads(body)["id"]}


def test_the_view_can_read_the_body_the_decorator_read() -> None:
    app = Flask(__name__)
    webhook = Webhook("propper", secret="s")

    @app.post("/hook")
    @verify_webhook(webhook)
    def hook(event: Event) -> dict[str, object]:
        return {"same": request.get_data() == event_body, "json": request.get_json()["id"]}

    event_body = sample_body("propper")
    response = app.test_client().post("/hook", data=event_body, headers=webhook.sign(event_body),
                                      content_type="application/json")
    assert response.get_json() == {"same": True, "json": json.loads(event_body)["id"]}
