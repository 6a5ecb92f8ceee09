"""signhook.django with Django's own test client, and on a real server (Django's WSGI
application on werkzeug, 127.0.0.1) for the replies providers require."""

from __future__ import annotations

import json
from collections.abc import Iterator

import django
import pytest
from conftest import HELLO, SAMPLES, Exchange, adobe_body, dropbox_event, dropbox_form, fetch, sample_body, serve
from django.conf import settings

from signhook import DedupeGuard, Event, MemoryStore, Webhook, WebhookVerificationError

if not settings.configured:
    settings.configure(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver", "127.0.0.1"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        SECRET_KEY="tests-only",
    )
    django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse, JsonResponse  # noqa: E402
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


# Providers that require more than a 2xx.
DROPBOX_KEY = "dropbox-sign-api-key-for-django"
ADOBE_CLIENT_ID = "CBJCHBCAABAA-django"
dropboxsign = Webhook("dropboxsign", secret=DROPBOX_KEY)
adobesign = Webhook("adobesign", client_id=ADOBE_CLIENT_ID)
seen: list[Event] = []


@verify_webhook(dropboxsign)
def dropbox_no_content(request: HttpRequest, event: Event) -> HttpResponse:
    seen.append(event)
    return HttpResponse(status=204)


@verify_webhook(dropboxsign)
def dropbox_json(request: HttpRequest, event: Event) -> JsonResponse:
    seen.append(event)
    return JsonResponse({"received": event.id}, headers={"X-Handled-By": "view"})


@verify_webhook(dropboxsign)
def dropbox_failing(request: HttpRequest, event: Event) -> JsonResponse:
    seen.append(event)
    return JsonResponse({"failed": event.id}, status=500)


@verify_webhook(dropboxsign, dedupe=DedupeGuard(MemoryStore()))
def dropbox_once(request: HttpRequest, event: Event) -> HttpResponse:
    seen.append(event)
    return HttpResponse(status=204)


@verify_webhook(adobesign)
def adobe(request: HttpRequest, event: Event) -> JsonResponse:
    seen.append(event)
    return JsonResponse({"received": event.id})


@verify_webhook(adobesign, dedupe=DedupeGuard(MemoryStore()))
def adobe_once(request: HttpRequest, event: Event) -> JsonResponse:
    seen.append(event)
    return JsonResponse({"received": event.id})


urlpatterns = [
    path("webhooks/sajn", sajn_webhook),
    path("webhooks/sajn/echo", sajn_echo),
    path("webhooks/propper/once", propper_once),
    path("webhooks/dropboxsign/no-content", dropbox_no_content),
    path("webhooks/dropboxsign/json", dropbox_json),
    path("webhooks/dropboxsign/failing", dropbox_failing),
    path("webhooks/dropboxsign/once", dropbox_once),
    path("webhooks/adobesign", adobe),
    path("webhooks/adobesign/once", adobe_once),
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
    assert response["Retry-After"] == "60"  # the guard's lease, in seconds
    assert "evt_django_busy" not in runs
    claim.complete()
    response = client.post("/webhooks/propper/once", data=body, content_type="application/json",
                           headers=headers)
    assert response.json() == {"received": "evt_django_busy", "duplicate": True}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(get_wsgi_application()) as base:
        yield base + "/webhooks"


def assert_hello(answer: Exchange) -> None:
    """Exactly the answer Dropbox Sign counts as a delivered event."""
    assert (answer.status, answer.body) == (200, HELLO)
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("route", ["no-content", "json"])
def test_a_dropbox_sign_form_is_answered_hello_api_event_received(url: str, route: str) -> None:
    event = dropbox_event(DROPBOX_KEY, f"sr_django_{route}")
    body, headers = dropbox_form(event)
    answer = fetch("POST", f"{url}/dropboxsign/{route}", body, headers)
    assert_hello(answer)
    assert seen[-1].kind == "document.completed"
    assert seen[-1].document is not None and seen[-1].document.id == f"sr_django_{route}"
    assert seen[-1].payload == event  # the form's json field
    if route == "json":
        assert answer.headers["X-Handled-By"] == "view"  # the view's other headers are kept


def test_a_tampered_dropbox_sign_event_type_is_401(url: str) -> None:
    event = dropbox_event(DROPBOX_KEY, "sr_django_tampered")
    event["event"]["event_type"] = "signature_request_declined"
    answer = fetch("POST", f"{url}/dropboxsign/no-content", *dropbox_form(event))
    assert (answer.status, answer.json()["error"]) == (401, "SIGNATURE_MISMATCH")


def test_a_failing_view_is_answered_as_it_is_so_that_dropbox_sign_retries(url: str) -> None:
    body, headers = dropbox_form(dropbox_event(DROPBOX_KEY, "sr_django_fail"))
    answer = fetch("POST", f"{url}/dropboxsign/failing", body, headers)
    assert (answer.status, answer.json()) == (500, {"failed": seen[-1].id})


def test_a_dropbox_sign_redelivery_the_guard_answers_is_hello_too(url: str) -> None:
    body, headers = dropbox_form(dropbox_event(DROPBOX_KEY, "sr_django_once"))
    assert_hello(fetch("POST", f"{url}/dropboxsign/once", body, headers))
    assert_hello(fetch("POST", f"{url}/dropboxsign/once", body, headers))
    assert [e.document.id for e in seen if e.document is not None].count("sr_django_once") == 1


def test_adobe_checks_the_url_with_a_get_answered_with_its_client_id(url: str) -> None:
    count = len(seen)
    answer = fetch("GET", f"{url}/adobesign", headers={"X-AdobeSign-ClientId": ADOBE_CLIENT_ID})
    assert (answer.status, answer.headers["X-AdobeSign-ClientId"]) == (200, ADOBE_CLIENT_ID)
    assert len(seen) == count, "the view does not run for the check"
    wrong = fetch("GET", f"{url}/adobesign", headers={"X-AdobeSign-ClientId": "someone-else"})
    assert (wrong.status, wrong.json()["error"]) == (401, "CLIENT_ID_MISMATCH")
    assert "X-AdobeSign-ClientId" not in wrong.headers
    # GET is allowed for Adobe's check only; other methods are still refused.
    assert fetch("PUT", f"{url}/adobesign", b"{}", {"X-AdobeSign-ClientId": ADOBE_CLIENT_ID}).status == 405


def test_an_adobe_delivery_reaches_the_view_and_the_client_id_is_echoed(url: str) -> None:
    head = {"Content-Type": "application/json", "X-AdobeSign-ClientId": ADOBE_CLIENT_ID}
    answer = fetch("POST", f"{url}/adobesign", adobe_body("ntf_django"), head)
    assert (answer.status, answer.json()) == (200, {"received": "ntf_django"})
    assert answer.headers["X-AdobeSign-ClientId"] == ADOBE_CLIENT_ID
    assert (seen[-1].id, seen[-1].authentication) == ("ntf_django", "client-id")
    once = [fetch("POST", f"{url}/adobesign/once", adobe_body("ntf_django_once"), head) for _ in range(2)]
    assert once[1].json() == {"received": "ntf_django_once", "duplicate": True}
    assert [a.headers["X-AdobeSign-ClientId"] for a in once] == [ADOBE_CLIENT_ID] * 2
