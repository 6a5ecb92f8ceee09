"""signhook.django with Django's own test client."""

from __future__ import annotations

import json

import django
import pytest
from conftest import SAMPLES, sample_body
from django.conf import settings

from signhook import Event, Webhook, WebhookVerificationError

if not settings.configured:
    settings.configure(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        SECRET_KEY="tests-only",
    )
    django.setup()

from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

from signhook.django import verify_webhook  # noqa: E402

sajn = Webhook("sajn", secrets=[SAMPLES["sajn"]["secret"], SAMPLES["sajn"]["previous_secret"]])


@verify_webhook(sajn)
def sajn_webhook(request: HttpRequest, event: Event) -> JsonResponse:
    return JsonResponse({"id": event.id, "kind": event.kind, "organization_id": event.organization_id})


@verify_webhook(sajn)
def sajn_echo(request: HttpRequest, event: Event) -> JsonResponse:
    # The view can still read the body the decorator read.
    return JsonResponse({"id": event.id, "same": json.loads(request.body)["event"] == event.type})


urlpatterns = [path("webhooks/sajn", sajn_webhook), path("webhooks/sajn/echo", sajn_echo)]


@pytest.fixture
def client() -> Client:
    # CSRF checks on, as in a real project: the decorator exempts the view.
    return Client(enforce_csrf_checks=True)


def test_django_view_receives_the_event(client: Client) -> None:
    body = sample_body("sajn")
    response = client.post("/webhooks/sajn", data=body, content_type="application/json",
                           headers=sajn.sign(body))
    assert response.status_code == 200
    assert response.json()["organization_id"] == json.loads(body)["organizationId"]


def test_django_rejection_is_json_with_the_spec_status(client: Client) -> None:
    body = sample_body("sajn")
    forged = Webhook("sajn", secret="whsec_forged").sign(body)
    response = client.post("/webhooks/sajn", data=body, content_type="application/json", headers=forged)
    assert response.status_code == 401
    assert response.json()["error"] == "SIGNATURE_MISMATCH"
    missing = client.post("/webhooks/sajn", data=body, content_type="application/json")
    assert (missing.status_code, missing.json()["error"]) == (401, "MISSING_SIGNATURE")


def test_django_view_accepts_post_only(client: Client) -> None:
    assert client.get("/webhooks/sajn").status_code == 405


def test_the_view_can_read_the_body_the_decorator_read(client: Client) -> None:
    body = sample_body("sajn")
    response = client.post("/webhooks/sajn/echo", data=body, content_type="application/json",
                           headers=sajn.sign(body))
    assert response.json()["same"] is True


def test_django_oversize_declared_length_is_413(client: Client) -> None:
    small = Webhook("sajn", secret=SAMPLES["sajn"]["secret"], max_body_bytes=16)
    body = sample_body("sajn")
    from signhook.django import read_body
    from django.test import RequestFactory

    request = RequestFactory().post("/", data=body, content_type="application/json")
    with pytest.raises(WebhookVerificationError) as caught:
        read_body(small, request)
    assert caught.value.code == "PAYLOAD_TOO_LARGE"
