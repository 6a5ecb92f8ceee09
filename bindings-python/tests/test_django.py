"""signhook.django with Django's own test client."""

from __future__ import annotations

import json

import django
import pytest
from conftest import SAMPLES, sample_body
from django.conf import settings

from signhook import DedupeGuard, Event, MemoryStore, Webhook, WebhookVerificationError

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


# The dedupe option, with the in-memory store (tests only).
propper = Webhook("propper", secret="whsec_django_dedupe")
guard = DedupeGuard(MemoryStore())
runs: list[str] = []
plan: dict[str, str] = {}


@verify_webhook(propper, dedupe=guard)
def propper_once(request: HttpRequest, event: Event) -> JsonResponse:
    runs.append(event.id)
    step = plan.pop(event.id, "ok")
    if step == "raise":
        raise RuntimeError("the view failed")
    if step == "fail":
        return JsonResponse({"failed": event.id}, status=500)
    return JsonResponse({"received": event.id})


urlpatterns = [
    path("webhooks/sajn", sajn_webhook),
    path("webhooks/sajn/echo", sajn_echo),
    path("webhooks/propper/once", propper_once),
]


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


def propper_delivery(id: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"id": id, "type": "document.signed", "created": "2026-01-01T09:00:00Z",
                       "data": {"document": {"id": "doc_1"}}}).encode()
    return body, propper.sign(body)


def test_django_dedupe_answers_a_redelivery_200_duplicate_without_the_view(client: Client) -> None:
    body, headers = propper_delivery("evt_django_once")

    def deliver() -> tuple[int, object]:
        response = client.post("/webhooks/propper/once", data=body, content_type="application/json",
                               headers=headers)
        return response.status_code, response.json()

    assert deliver() == (200, {"received": "evt_django_once"})
    assert deliver() == (200, {"received": "evt_django_once", "duplicate": True})
    assert runs.count("evt_django_once") == 1


def test_django_dedupe_releases_the_event_when_the_view_fails(client: Client) -> None:
    for step in ["fail", "raise"]:
        id = f"evt_django_{step}"
        body, headers = propper_delivery(id)
        plan[id] = step

        def deliver() -> int:
            response = client.post("/webhooks/propper/once", data=body, content_type="application/json",
                                   headers=headers)
            return int(response.status_code)

        if step == "raise":
            with pytest.raises(RuntimeError, match="the view failed"):
                deliver()
        else:
            assert deliver() == 500
        assert deliver() == 200
        assert deliver() == 200
        assert runs.count(id) == 2, step


def test_django_dedupe_answers_an_event_in_progress_503(client: Client) -> None:
    body, headers = propper_delivery("evt_django_busy")
    claim = guard.begin(propper.verify(body, headers))  # another instance has it
    response = client.post("/webhooks/propper/once", data=body, content_type="application/json",
                           headers=headers)
    assert (response.status_code, response.json()["error"]) == (503, "EVENT_IN_PROGRESS")
    assert "evt_django_busy" not in runs
    claim.complete()
    response = client.post("/webhooks/propper/once", data=body, content_type="application/json",
                           headers=headers)
    assert response.json() == {"received": "evt_django_busy", "duplicate": True}
