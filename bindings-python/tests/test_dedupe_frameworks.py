"""The helpers' ``dedupe`` option on real servers (Flask on werkzeug, Starlette and FastAPI on
uvicorn, aiohttp on its own, each on 127.0.0.1), with the in-memory store: a processed event's redelivery is
answered 200 {"received": id, "duplicate": true} without the handler; the handler's answer
decides complete (2xx) or release (anything else, or an exception); one still being processed
is 503 EVENT_IN_PROGRESS, a store that fails 503 DEDUPE_UNAVAILABLE, neither reaching the
handler. The same against a real Redis shared by two apps: test_dedupe_redis.py."""

from __future__ import annotations

import asyncio
import errno
import itertools
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pytest
from conftest import serve, serve_aiohttp, serve_asgi

# At module level: FastAPI resolves the routes' annotations (strings here) in this module.
from fastapi import Depends, FastAPI, HTTPException

from signhook import AsyncDedupeGuard, DedupeGuard, Event, MemoryStore, Webhook, WebhookVerificationError

webhook = Webhook("propper", secret="whsec_dedupe_frameworks")
_ids = itertools.count()


def delivery(id: Optional[str] = None) -> tuple[str, bytes, dict[str, str]]:
    """A signed Propper delivery with a fresh id: (id, body, headers)."""
    id = id or f"evt_fw_{next(_ids)}"
    body = json.dumps({"id": id, "type": "document.signed", "created": "2026-01-01T09:00:00Z",
                       "data": {"document": {"id": "doc_1"}}}).encode()
    return id, body, webhook.sign(body)


def send(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """POSTs and returns the status and the JSON answer (or the text, when it is not JSON)."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


class Refusing(MemoryStore):
    """A store whose server refuses connections."""

    def claim(self, key: str, value: str, lease_ms: int) -> bool:
        raise ConnectionRefusedError(errno.ECONNREFUSED, "connect 127.0.0.1:6379 password=hunter2")


@dataclass
class Handler:
    """What the apps' handlers do: record the event, then answer as planned for its id
    ("ok" by default, "fail": a 500 answer, "raise": an exception)."""

    runs: list[str] = field(default_factory=list)
    plan: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, event: Event) -> str:
        self.runs.append(event.id)
        steps = self.plan.get(event.id)
        step = steps.pop(0) if steps else "ok"
        if step == "raise":
            raise RuntimeError("the handler failed")
        return step


@dataclass
class App:
    url: str
    store: MemoryStore
    handler: Handler
    claim: Callable[[Event], Any]  # claims an event through the app's guard, from the test


def flask_app(store: MemoryStore, handler: Handler, guard: DedupeGuard) -> Any:
    from flask import Flask

    from signhook.flask import verify_webhook

    app = Flask(__name__)

    def answer(event: Event) -> Any:
        if handler(event) == "fail":
            return {"failed": event.id}, 500
        return {"received": event.id}

    @verify_webhook(webhook, dedupe=guard)
    def receive(event: Event) -> Any:
        return answer(event)

    @verify_webhook(webhook, dedupe=guard)
    async def receive_async(event: Event) -> Any:
        await asyncio.sleep(0)
        return answer(event)

    @verify_webhook(webhook, dedupe=DedupeGuard(Refusing()))
    def refused(event: Event) -> Any:
        return answer(event)

    app.add_url_rule("/webhooks", "receive", receive, methods=["POST"])
    app.add_url_rule("/async/webhooks", "receive_async", receive_async, methods=["POST"])
    app.add_url_rule("/refused/webhooks", "refused", refused, methods=["POST"])
    return app


def starlette_app(store: MemoryStore, handler: Handler, guard: AsyncDedupeGuard) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from signhook.starlette import verify_webhook

    def answer(event: Event) -> JSONResponse:
        if handler(event) == "fail":
            return JSONResponse({"failed": event.id}, status_code=500)
        return JSONResponse({"received": event.id})

    @verify_webhook(webhook, dedupe=guard)
    async def receive(request: Request, event: Event) -> JSONResponse:
        return answer(event)

    @verify_webhook(webhook, dedupe=guard)
    def receive_sync(request: Request, event: Event) -> JSONResponse:
        return answer(event)

    @verify_webhook(webhook, dedupe=AsyncDedupeGuard(Refusing()))
    async def refused(request: Request, event: Event) -> JSONResponse:
        return answer(event)

    return Starlette(routes=[
        Route("/webhooks", receive, methods=["POST"]),
        Route("/async/webhooks", receive_sync, methods=["POST"]),  # the other kind of endpoint
        Route("/refused/webhooks", refused, methods=["POST"]),
    ])


def fastapi_app(store: MemoryStore, handler: Handler, guard: AsyncDedupeGuard) -> Any:
    from signhook.fastapi import add_error_handler, verify_webhook

    app = FastAPI()
    add_error_handler(app)

    def answer(event: Event) -> dict[str, str]:
        if handler(event) == "fail":
            raise HTTPException(status_code=500, detail="the handler failed")
        return {"received": event.id}

    @app.post("/webhooks")
    async def receive(event: Event = Depends(verify_webhook(webhook, dedupe=guard))) -> dict[str, str]:
        return answer(event)

    @app.post("/async/webhooks")
    def receive_sync(event: Event = Depends(verify_webhook(webhook, dedupe=guard))) -> dict[str, str]:
        return answer(event)

    @app.post("/refused/webhooks")
    async def refused(
            event: Event = Depends(verify_webhook(webhook, dedupe=AsyncDedupeGuard(Refusing())))) -> dict[str, str]:
        return answer(event)

    return app


def aiohttp_app(store: MemoryStore, handler: Handler, guard: AsyncDedupeGuard) -> Any:
    from aiohttp import web

    from signhook.aiohttp import verify_webhook

    @verify_webhook(webhook, dedupe=guard)
    async def receive(request: web.Request, event: Event) -> web.Response:
        if handler(event) == "fail":
            return web.json_response({"failed": event.id}, status=500)
        return web.json_response({"received": event.id})

    @verify_webhook(webhook, dedupe=guard)
    async def receive_raising(request: web.Request, event: Event) -> web.Response:
        # aiohttp's HTTP exceptions are answers too: their status decides.
        if handler(event) == "fail":
            raise web.HTTPInternalServerError(text='{"failed": true}', content_type="application/json")
        raise web.HTTPOk(text=json.dumps({"received": event.id}), content_type="application/json")

    @verify_webhook(webhook, dedupe=AsyncDedupeGuard(Refusing()))
    async def refused(request: web.Request, event: Event) -> web.Response:
        handler(event)
        return web.json_response({"received": event.id})

    app = web.Application()
    app.router.add_post("/webhooks", receive)
    app.router.add_post("/async/webhooks", receive_raising)
    app.router.add_post("/refused/webhooks", refused)
    return app


@pytest.fixture(scope="module", params=["flask", "starlette", "fastapi", "aiohttp"])
def app(request: pytest.FixtureRequest) -> Iterator[App]:
    store, handler = MemoryStore(), Handler()
    if request.param == "flask":
        guard = DedupeGuard(store)
        with serve(flask_app(store, handler, guard)) as url:
            yield App(url, store, handler, guard.begin)
    elif request.param == "aiohttp":
        async_guard = AsyncDedupeGuard(store)
        with serve_aiohttp(aiohttp_app(store, handler, async_guard)) as url:
            yield App(url, store, handler, lambda event: asyncio.run(async_guard.begin(event)))
    else:
        async_guard = AsyncDedupeGuard(store)
        build = starlette_app if request.param == "starlette" else fastapi_app
        with serve_asgi(build(store, handler, async_guard)) as url:
            yield App(url, store, handler, lambda event: asyncio.run(async_guard.begin(event)))


@pytest.fixture(params=["/webhooks", "/async/webhooks"])
def route(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_redelivery_of_a_processed_event_is_200_duplicate_without_the_handler(app: App, route: str) -> None:
    id, body, headers = delivery()
    assert send(app.url + route, body, headers) == (200, {"received": id})
    assert send(app.url + route, body, headers) == (200, {"received": id, "duplicate": True})
    assert app.handler.runs.count(id) == 1


def test_a_failed_answer_releases_the_event_for_the_retry(app: App, route: str) -> None:
    id, body, headers = delivery()
    app.handler.plan[id] = ["fail"]
    assert send(app.url + route, body, headers)[0] == 500
    assert send(app.url + route, body, headers) == (200, {"received": id})
    assert send(app.url + route, body, headers) == (200, {"received": id, "duplicate": True})
    assert app.handler.runs.count(id) == 2


def test_a_handler_that_raises_releases_the_event_for_the_retry(app: App, route: str) -> None:
    id, body, headers = delivery()
    app.handler.plan[id] = ["raise"]
    assert send(app.url + route, body, headers)[0] == 500
    assert send(app.url + route, body, headers) == (200, {"received": id})
    assert app.handler.runs.count(id) == 2


def test_an_event_being_processed_is_503_event_in_progress(app: App) -> None:
    id, body, headers = delivery()
    _, event_body, event_headers = delivery(id)
    claim = app.claim(webhook.verify(event_body, event_headers))  # another instance has it
    status, answer = send(app.url + "/webhooks", body, headers)
    assert (status, answer["error"]) == (503, "EVENT_IN_PROGRESS")
    assert "retry after 60 s" in answer["message"]
    assert id not in app.handler.runs
    released = claim.release()  # a coroutine for an async guard
    if released is not None:
        asyncio.run(released)
    assert send(app.url + "/webhooks", body, headers) == (200, {"received": id})


def test_a_store_that_fails_is_503_dedupe_unavailable(app: App) -> None:
    id, body, headers = delivery()
    status, answer = send(app.url + "/refused/webhooks", body, headers)
    assert (status, answer["error"]) == (503, "DEDUPE_UNAVAILABLE")
    assert "claim: ConnectionRefusedError (ECONNREFUSED)" in answer["message"]
    assert "hunter2" not in answer["message"]
    assert id not in app.handler.runs


def test_a_rejected_request_claims_nothing(app: App) -> None:
    id, body, headers = delivery()
    forged = {name: value.replace(value[-4:], "0000") for name, value in headers.items()}
    status, answer = send(app.url + "/webhooks", body, forged)
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")
    assert send(app.url + "/webhooks", body, headers) == (200, {"received": id})


def test_the_helpers_take_only_their_kind_of_guard() -> None:
    import signhook.aiohttp
    import signhook.django
    import signhook.fastapi
    import signhook.flask
    import signhook.starlette

    sync_guard, async_guard = DedupeGuard(MemoryStore()), AsyncDedupeGuard(MemoryStore())
    for helper, wrong in [(signhook.flask.verify_webhook, async_guard),
                          (signhook.django.verify_webhook, async_guard),
                          (signhook.starlette.verify_webhook, sync_guard),
                          (signhook.fastapi.verify_webhook, sync_guard),
                          (signhook.aiohttp.verify_webhook, sync_guard)]:
        for bad in [wrong, object(), "redis://localhost"]:
            with pytest.raises(WebhookVerificationError) as raised:
                helper(webhook, dedupe=bad)  # type: ignore[operator]
            assert raised.value.code == "INVALID_CONFIG", helper
            assert "dedupe must be" in raised.value.message
