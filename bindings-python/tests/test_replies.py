"""The answers providers require beyond a 2xx, sent by the framework helpers on real servers
(Flask on werkzeug, Starlette and FastAPI on uvicorn, aiohttp on its own, each on
127.0.0.1), and the requests of the providers that need them:

- Dropbox Sign posts a ``multipart/form-data`` form whose field ``json`` is the event, signed
  by ``event.event_hash`` (the hex HMAC-SHA256 of ``event_time + event_type`` under the API
  key), and counts any answer but 200 ``Hello API Event Received`` as a failed delivery: the
  helper answers exactly that to a verified delivery the view answered 2xx, and to a
  redelivery the dedupe guard answers without the view;
- Adobe Acrobat Sign signs nothing: every request names the receiving application in
  ``X-AdobeSign-ClientId``, which the answer must echo, and a new URL is checked first with a
  ``GET`` that the helper answers itself;
- DocuSign sends one ``X-DocuSign-Signature-N`` header per active key;
- a 503 that says when to retry (``EVENT_IN_PROGRESS``) carries ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import hmac
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable, Optional

import pytest
from conftest import HELLO, Exchange, adobe_body, dropbox_event, dropbox_form, fetch, serve, serve_aiohttp, serve_asgi

# At module level: FastAPI resolves the routes' annotations (strings here) in this module.
from fastapi import Depends, FastAPI, HTTPException, Request, Response

from signhook import AsyncDedupeGuard, DedupeGuard, Event, MemoryStore, Webhook

API_KEY = "dropbox-sign-api-key-for-tests"
CLIENT_ID = "CBJCHBCAABAA-signhook-tests"
DOCUSIGN_KEYS = ["docusign-connect-key-one", "docusign-connect-key-two"]

dropboxsign = Webhook("dropboxsign", secret=API_KEY)
adobesign = Webhook("adobesign", client_id=CLIENT_ID)
docusign = Webhook("docusign", secret=DOCUSIGN_KEYS[1])  # only the second key is configured
propper = Webhook("propper", secret="whsec_replies")
_ids = itertools.count()


def docusign_body() -> bytes:
    return json.dumps({"event": "envelope-completed", "generatedDateTime": "2026-01-01T09:00:00Z",
                       "data": {"envelopeId": "env_1"}}).encode()


def docusign_signature(key: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def propper_delivery() -> tuple[str, bytes, dict[str, str]]:
    id = f"evt_replies_{next(_ids)}"
    body = json.dumps({"id": id, "type": "document.signed", "created": "2026-01-01T09:00:00Z",
                       "data": {"document": {"id": "doc_1"}}}).encode()
    return id, body, propper.sign(body)


class Refusing(MemoryStore):
    """A store whose server refuses connections."""

    def claim(self, key: str, value: str, lease_ms: int) -> bool:
        raise ConnectionRefusedError(errno.ECONNREFUSED, "connection refused")


@dataclass
class App:
    """A running app: its URL, the events its views saw, in order, and the guard of its
    ``/busy`` route (to claim an event from the test, as another instance would)."""

    framework: str
    url: str
    seen: list[Event]
    claim: Callable[[Event], Any]
    #: The Dropbox Sign routes whose views answer a 2xx of their own (an empty body, 204, JSON).
    dropbox_routes: list[str]


def flask_app(seen: list[Event], guard: DedupeGuard) -> Any:
    from flask import Flask

    from signhook.flask import verify_webhook

    app = Flask(__name__)

    def route(path: str, webhook: Webhook, answer: Callable[[Event], Any], methods: tuple[str, ...] = ("POST",),
              dedupe: Optional[DedupeGuard] = None) -> None:
        def view(event: Event) -> Any:
            seen.append(event)
            return answer(event)

        app.add_url_rule(path, path, verify_webhook(webhook, dedupe=dedupe)(view), methods=list(methods))

    route("/dropboxsign/empty", dropboxsign, lambda event: "")
    route("/dropboxsign/no-content", dropboxsign, lambda event: ("", 204))
    route("/dropboxsign/json", dropboxsign, lambda event: ({"received": event.id}, 200, {"X-Handled-By": "view"}))
    route("/dropboxsign/failing", dropboxsign, lambda event: ({"failed": event.id}, 500))
    route("/dropboxsign/once", dropboxsign, lambda event: "", dedupe=DedupeGuard(MemoryStore()))
    route("/adobesign", adobesign, lambda event: {"received": event.id}, methods=("GET", "POST"))
    route("/adobesign/once", adobesign, lambda event: {"received": event.id}, dedupe=DedupeGuard(MemoryStore()))
    route("/docusign", docusign, lambda event: {"received": event.id})
    route("/propper", propper, lambda event: {"received": event.id}, methods=("GET", "POST"))
    route("/busy", propper, lambda event: {"received": event.id}, dedupe=guard)
    route("/refused", propper, lambda event: {"received": event.id}, dedupe=DedupeGuard(Refusing()))

    @verify_webhook(dropboxsign)
    async def dropbox_async(event: Event) -> str:
        seen.append(event)
        return ""

    app.add_url_rule("/dropboxsign/async", "dropbox_async", dropbox_async, methods=["POST"])
    return app


def starlette_app(seen: list[Event], guard: AsyncDedupeGuard) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from signhook.starlette import verify_webhook

    routes = []

    def route(path: str, webhook: Webhook, answer: Callable[[Event], Response], methods: tuple[str, ...] = ("POST",),
              dedupe: Optional[AsyncDedupeGuard] = None) -> None:
        async def endpoint(request: Request, event: Event) -> Response:
            seen.append(event)
            return answer(event)

        routes.append(Route(path, verify_webhook(webhook, dedupe=dedupe)(endpoint), methods=list(methods)))

    def received(event: Event) -> Response:
        return JSONResponse({"received": event.id}, headers={"X-Handled-By": "view"})

    route("/dropboxsign/no-content", dropboxsign, lambda event: Response(status_code=204))
    route("/dropboxsign/json", dropboxsign, received)
    route("/dropboxsign/failing", dropboxsign, lambda event: JSONResponse({"failed": event.id}, status_code=500))
    route("/dropboxsign/once", dropboxsign, lambda event: Response(status_code=204),
          dedupe=AsyncDedupeGuard(MemoryStore()))
    route("/adobesign", adobesign, received, methods=("GET", "POST"))
    route("/adobesign/once", adobesign, received, dedupe=AsyncDedupeGuard(MemoryStore()))
    route("/docusign", docusign, received)
    route("/propper", propper, received, methods=("GET", "POST"))
    route("/busy", propper, received, dedupe=guard)
    route("/refused", propper, received, dedupe=AsyncDedupeGuard(Refusing()))
    return Starlette(routes=routes)


def fastapi_app(seen: list[Event], guard: AsyncDedupeGuard) -> Any:
    from signhook.fastapi import add_error_handler, handshake_response, reply_response, verify_webhook

    app = FastAPI()
    add_error_handler(app)

    # A dependency cannot change the route's response: a Dropbox Sign route returns the reply.
    @app.post("/dropboxsign/reply-response")
    async def dropbox(event: Event = Depends(verify_webhook(dropboxsign))) -> Response:
        seen.append(event)
        return reply_response(dropboxsign)

    @app.post("/dropboxsign/failing")
    async def dropbox_failing(event: Event = Depends(verify_webhook(dropboxsign))) -> Response:
        seen.append(event)
        raise HTTPException(status_code=500, detail="the handler failed")

    @app.post("/dropboxsign/once")
    async def dropbox_once(
            event: Event = Depends(verify_webhook(dropboxsign, dedupe=AsyncDedupeGuard(MemoryStore())))) -> Response:
        seen.append(event)
        return reply_response(dropboxsign)

    # Headers only (Adobe): the dependency sets them on the response built from the dict.
    @app.get("/adobesign")
    def adobe_check(request: Request) -> Response:
        return handshake_response(adobesign, request)

    @app.post("/adobesign")
    async def adobe(event: Event = Depends(verify_webhook(adobesign))) -> dict[str, str]:
        seen.append(event)
        return {"received": event.id}

    @app.post("/adobesign/once")
    async def adobe_once(
            event: Event = Depends(verify_webhook(adobesign, dedupe=AsyncDedupeGuard(MemoryStore())))) -> dict[str, str]:
        seen.append(event)
        return {"received": event.id}

    @app.get("/propper")
    def propper_check(request: Request) -> Response:
        return handshake_response(propper, request)

    @app.post("/docusign")
    async def docusign_route(event: Event = Depends(verify_webhook(docusign))) -> dict[str, str]:
        seen.append(event)
        return {"received": event.id}

    @app.post("/busy")
    async def busy(event: Event = Depends(verify_webhook(propper, dedupe=guard))) -> dict[str, str]:
        seen.append(event)
        return {"received": event.id}

    @app.post("/refused")
    async def refused(
            event: Event = Depends(verify_webhook(propper, dedupe=AsyncDedupeGuard(Refusing())))) -> dict[str, str]:
        seen.append(event)
        return {"received": event.id}

    return app


def aiohttp_app(seen: list[Event], guard: AsyncDedupeGuard) -> Any:
    from aiohttp import web

    from signhook.aiohttp import verify_webhook

    app = web.Application()

    def route(path: str, webhook: Webhook, answer: Callable[[Event], web.Response], methods: tuple[str, ...] = ("POST",),
              dedupe: Optional[AsyncDedupeGuard] = None) -> None:
        async def handler(request: web.Request, event: Event) -> web.Response:
            seen.append(event)
            return answer(event)

        verified = verify_webhook(webhook, dedupe=dedupe)(handler)
        for method in methods:
            app.router.add_route(method, path, verified)

    def received(event: Event) -> web.Response:
        return web.json_response({"received": event.id}, headers={"X-Handled-By": "view"})

    def raised(event: Event) -> web.Response:
        raise web.HTTPNoContent()  # aiohttp's HTTP exceptions are answers too

    def failing(event: Event) -> web.Response:
        raise web.HTTPInternalServerError(text='{"failed": true}', content_type="application/json")

    route("/dropboxsign/no-content", dropboxsign, lambda event: web.Response(status=204))
    route("/dropboxsign/json", dropboxsign, received)
    route("/dropboxsign/raised", dropboxsign, raised)
    route("/dropboxsign/failing", dropboxsign, failing)
    route("/dropboxsign/once", dropboxsign, lambda event: web.Response(status=204),
          dedupe=AsyncDedupeGuard(MemoryStore()))
    route("/adobesign", adobesign, received, methods=("GET", "POST"))
    route("/adobesign/once", adobesign, received, dedupe=AsyncDedupeGuard(MemoryStore()))
    route("/docusign", docusign, received)
    route("/propper", propper, received, methods=("GET", "POST"))
    route("/busy", propper, received, dedupe=guard)
    route("/refused", propper, received, dedupe=AsyncDedupeGuard(Refusing()))
    return app


DROPBOX_ROUTES = {
    "flask": ["/dropboxsign/empty", "/dropboxsign/no-content", "/dropboxsign/json", "/dropboxsign/async"],
    "starlette": ["/dropboxsign/no-content", "/dropboxsign/json"],
    "fastapi": ["/dropboxsign/reply-response"],
    "aiohttp": ["/dropboxsign/no-content", "/dropboxsign/json", "/dropboxsign/raised"],
}


@pytest.fixture(scope="module", params=["flask", "starlette", "fastapi", "aiohttp"])
def app(request: pytest.FixtureRequest) -> Iterator[App]:
    seen: list[Event] = []
    store = MemoryStore()
    routes = DROPBOX_ROUTES[request.param]
    if request.param == "flask":
        guard = DedupeGuard(store)
        with serve(flask_app(seen, guard)) as url:
            yield App(request.param, url, seen, guard.begin, routes)
        return
    async_guard = AsyncDedupeGuard(store)

    def claim(event: Event) -> Any:
        return asyncio.run(async_guard.begin(event))

    if request.param == "aiohttp":
        with serve_aiohttp(aiohttp_app(seen, async_guard)) as url:
            yield App(request.param, url, seen, claim, routes)
    else:
        build = starlette_app if request.param == "starlette" else fastapi_app
        with serve_asgi(build(seen, async_guard)) as url:
            yield App(request.param, url, seen, claim, routes)


def assert_hello(answer: Exchange) -> None:
    """Exactly the answer Dropbox Sign counts as a delivered event."""
    assert answer.status == 200, answer.body
    assert answer.body == HELLO
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.headers["Content-Length"] == str(len(HELLO))


def assert_error(answer: Exchange, status: int, code: str) -> None:
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()["error"] == code


# Dropbox Sign


def test_a_dropbox_sign_form_is_answered_hello_api_event_received(app: App) -> None:
    for path in app.dropbox_routes:
        request_id = f"sr_{path.rsplit('/', 1)[1]}_{next(_ids)}"
        event = dropbox_event(API_KEY, request_id)
        body, headers = dropbox_form(event)
        answer = fetch("POST", app.url + path, body, headers)
        assert_hello(answer)
        # The view saw the event: its JSON is the form's `json` field.
        seen = app.seen[-1]
        assert (seen.provider, seen.kind, seen.authentication) == ("dropboxsign", "document.completed", "hmac-metadata")
        assert seen.document is not None and seen.document.id == request_id
        assert seen.payload == event
        assert seen.payload["signature_request"]["metadata"]["note"] == "Grüße"
        if path.endswith("/json"):
            # The view's JSON body is replaced; its other headers are kept.
            assert answer.headers["X-Handled-By"] == "view"


def test_a_tampered_event_type_is_401_and_no_hello(app: App) -> None:
    event = dropbox_event(API_KEY, f"sr_tampered_{next(_ids)}")
    event["event"]["event_type"] = "signature_request_declined"  # the hash covers the type
    body, headers = dropbox_form(event)
    seen = len(app.seen)
    answer = fetch("POST", app.url + app.dropbox_routes[0], body, headers)
    assert_error(answer, 401, "SIGNATURE_MISMATCH")
    assert len(app.seen) == seen


def test_a_form_signed_with_another_api_key_is_401(app: App) -> None:
    event = dropbox_event(API_KEY, f"sr_other_key_{next(_ids)}")
    event_time, event_type = event["event"]["event_time"], event["event"]["event_type"]
    event["event"]["event_hash"] = hmac.new(b"someone-elses-key", (event_time + event_type).encode(),
                                            hashlib.sha256).hexdigest()
    body, headers = dropbox_form(event)
    assert_error(fetch("POST", app.url + app.dropbox_routes[0], body, headers), 401, "SIGNATURE_MISMATCH")


def test_a_failing_view_is_answered_as_it_is_so_that_dropbox_sign_retries(app: App) -> None:
    body, headers = dropbox_form(dropbox_event(API_KEY, f"sr_failing_{next(_ids)}"))
    answer = fetch("POST", app.url + "/dropboxsign/failing", body, headers)
    assert answer.status == 500
    assert answer.headers["Content-Type"].startswith("application/json")  # the view's own answer
    assert answer.body != HELLO


def test_a_redelivery_the_guard_answers_is_hello_too(app: App) -> None:
    request_id = f"sr_once_{next(_ids)}"
    body, headers = dropbox_form(dropbox_event(API_KEY, request_id))
    assert_hello(fetch("POST", app.url + "/dropboxsign/once", body, headers))
    # The same event again: the view does not run, and Dropbox Sign still gets its answer.
    assert_hello(fetch("POST", app.url + "/dropboxsign/once", body, headers))
    assert [e.document.id for e in app.seen if e.document is not None].count(request_id) == 1


# Adobe Acrobat Sign


def test_adobe_checks_the_url_with_a_get_answered_with_its_client_id(app: App) -> None:
    seen = len(app.seen)
    answer = fetch("GET", app.url + "/adobesign", headers={"X-AdobeSign-ClientId": CLIENT_ID})
    assert answer.status == 200
    assert answer.headers["X-AdobeSign-ClientId"] == CLIENT_ID
    assert len(app.seen) == seen, "the view does not run for the check"


def test_a_get_with_another_client_id_is_401(app: App) -> None:
    answer = fetch("GET", app.url + "/adobesign", headers={"X-AdobeSign-ClientId": "someone-else"})
    assert_error(answer, 401, "CLIENT_ID_MISMATCH")
    assert "X-AdobeSign-ClientId" not in answer.headers
    assert_error(fetch("GET", app.url + "/adobesign"), 401, "CLIENT_ID_MISMATCH")


def test_an_adobe_delivery_reaches_the_view_and_the_client_id_is_echoed(app: App) -> None:
    notification_id = f"ntf_{next(_ids)}"
    answer = fetch("POST", app.url + "/adobesign", adobe_body(notification_id),
                   {"Content-Type": "application/json", "X-AdobeSign-ClientId": CLIENT_ID})
    assert answer.status == 200
    assert answer.json() == {"received": notification_id}
    assert answer.headers["X-AdobeSign-ClientId"] == CLIENT_ID
    event = app.seen[-1]
    assert (event.id, event.kind, event.authentication) == (notification_id, "document.completed", "client-id")


def test_an_adobe_delivery_for_another_client_id_is_401_without_the_echo(app: App) -> None:
    answer = fetch("POST", app.url + "/adobesign", adobe_body(f"ntf_{next(_ids)}"),
                   {"Content-Type": "application/json", "X-AdobeSign-ClientId": "someone-else"})
    assert_error(answer, 401, "CLIENT_ID_MISMATCH")
    assert "X-AdobeSign-ClientId" not in answer.headers


def test_an_adobe_redelivery_the_guard_answers_echoes_the_client_id(app: App) -> None:
    notification_id = f"ntf_once_{next(_ids)}"
    head = {"Content-Type": "application/json", "X-AdobeSign-ClientId": CLIENT_ID}
    first = fetch("POST", app.url + "/adobesign/once", adobe_body(notification_id), head)
    again = fetch("POST", app.url + "/adobesign/once", adobe_body(notification_id), head)
    assert (first.status, first.json()) == (200, {"received": notification_id})
    assert (again.status, again.json()) == (200, {"received": notification_id, "duplicate": True})
    assert first.headers["X-AdobeSign-ClientId"] == again.headers["X-AdobeSign-ClientId"] == CLIENT_ID


def test_a_get_for_a_provider_without_a_check_is_verified_as_before(app: App) -> None:
    answer = fetch("GET", app.url + "/propper")
    if app.framework == "fastapi":
        # handshake_response on a GET route of a provider that sends no check.
        assert (answer.status, answer.headers["Allow"]) == (405, "POST")
    else:
        # The helper verifies the GET like any request: it has no signature.
        assert_error(answer, 401, "MISSING_SIGNATURE")


# DocuSign


def test_docusign_with_two_signatures_passes_with_the_second_key_alone(app: App) -> None:
    body = docusign_body()
    headers = {"Content-Type": "application/json",
               "X-DocuSign-Signature-1": docusign_signature(DOCUSIGN_KEYS[0], body),
               "X-DocuSign-Signature-2": docusign_signature(DOCUSIGN_KEYS[1], body)}
    answer = fetch("POST", app.url + "/docusign", body, headers)
    assert answer.status == 200, answer.body
    event = app.seen[-1]
    assert (event.provider, event.kind, event.document and event.document.id) == (
        "docusign", "document.completed", "env_1")
    # Any other key's signature alone is not enough.
    only_first = {k: v for k, v in headers.items() if k != "X-DocuSign-Signature-2"}
    assert_error(fetch("POST", app.url + "/docusign", body, only_first), 401, "SIGNATURE_MISMATCH")


# Retry-After


def test_an_event_in_progress_is_503_with_retry_after(app: App) -> None:
    id, body, headers = propper_delivery()
    claim = app.claim(propper.verify(body, headers))  # another instance has it
    answer = fetch("POST", app.url + "/busy", body, {"Content-Type": "application/json", **headers})
    assert_error(answer, 503, "EVENT_IN_PROGRESS")
    assert answer.headers["Retry-After"] == "60"  # the guard's lease, in seconds
    assert id not in [e.id for e in app.seen]
    released = claim.release()  # a coroutine for an async guard
    if released is not None:
        asyncio.run(released)


def test_a_store_that_fails_is_503_without_retry_after(app: App) -> None:
    _, body, headers = propper_delivery()
    answer = fetch("POST", app.url + "/refused", body, {"Content-Type": "application/json", **headers})
    assert_error(answer, 503, "DEDUPE_UNAVAILABLE")
    assert "Retry-After" not in answer.headers
