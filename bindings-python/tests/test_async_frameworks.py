"""signhook.aiohttp, signhook.starlette and signhook.fastapi on real servers.

Each framework's app runs on 127.0.0.1 (a free port): aiohttp on its own server, Starlette
and FastAPI on uvicorn. Every provider's route is called with genuine, rotated, forged,
tampered, unsigned, malformed, oversize (declared, sent, chunked) and unparsable requests;
then the ways an app meets the helper: a handler that verifies by itself, one that reads the
body after the helper, an app that reads the body first, and one that consumed the stream
without keeping it. The status and the whole JSON answer are checked each time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Optional

import pytest
from conftest import SAMPLES, exchange, post, sample_body, serve_aiohttp, serve_asgi

# At module level: FastAPI resolves the routes' annotations (strings here) in this module.
from fastapi import Body, Depends, FastAPI, Request

from signhook import Event, Webhook

FRAMEWORKS = ["aiohttp", "starlette", "fastapi"]
PROVIDERS = ["krebit", "sajn", "propper"]
LIMIT = 64 * 1024
MIB = 1 << 20


def verifier(provider: str, *secrets: str) -> Webhook:
    return Webhook(provider, secrets=list(secrets) or [SAMPLES[provider]["secret"]],
                   client_id=SAMPLES[provider].get("client_id"), max_body_bytes=LIMIT)


def rotating(provider: str) -> Webhook:
    """The servers' verifiers: the current secret and the previous one."""
    return verifier(provider, SAMPLES[provider]["secret"], SAMPLES[provider]["previous_secret"])


def described(event: Event) -> dict[str, Optional[str]]:
    return {"kind": event.kind, "id": event.id, "type": event.type, "client_id": event.client_id}


def aiohttp_app() -> Any:
    from aiohttp import web

    from signhook.aiohttp import error_middleware, verify_request, verify_webhook

    propper = rotating("propper")

    @web.middleware
    async def read_first(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/read-first/propper":
            await request.json()  # the app parses the body before the helper runs
        elif request.path == "/consumed/propper":
            await request.content.read()  # the stream is drained and the bytes dropped
        response: web.StreamResponse = await handler(request)
        return response

    app = web.Application(middlewares=[error_middleware, read_first])
    for provider in PROVIDERS:

        @verify_webhook(rotating(provider))
        async def receive(request: web.Request, event: Event) -> web.Response:
            return web.json_response(described(event))

        app.router.add_post(f"/webhooks/{provider}", receive)

    @verify_webhook(propper)
    async def echo(request: web.Request, event: Event) -> web.Response:
        body = await request.read()
        return web.json_response({"id": event.id, "length": len(body),
                                  "json_id": (await request.json())["id"]})

    async def manual(request: web.Request) -> web.Response:
        event = await verify_request(propper, request)  # failures: error_middleware
        return web.json_response({"id": event.id})

    @verify_webhook(propper)
    async def read_first_route(request: web.Request, event: Event) -> web.Response:
        return web.json_response({"id": event.id, "payload_id": (await request.json())["id"]})

    app.router.add_post("/echo/propper", echo)
    app.router.add_post("/manual/propper", manual)
    app.router.add_post("/read-first/propper", read_first_route)
    app.router.add_post("/consumed/propper", read_first_route)
    return app


def starlette_app() -> Any:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from signhook.starlette import add_error_handler, verify_request, verify_webhook

    propper = rotating("propper")

    class ReadFirst(BaseHTTPMiddleware):
        async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
            if request.url.path == "/read-first/propper":
                await request.json()  # the app parses the body before the endpoint runs
            return await call_next(request)

    routes = []
    for provider in PROVIDERS:

        @verify_webhook(rotating(provider))
        async def receive(request: Request, event: Event) -> JSONResponse:
            return JSONResponse(described(event))

        routes.append(Route(f"/webhooks/{provider}", receive, methods=["POST"]))

    @verify_webhook(propper)
    async def echo(request: Request, event: Event) -> JSONResponse:
        body = await request.body()
        return JSONResponse({"id": event.id, "length": len(body), "json_id": (await request.json())["id"]})

    async def manual(request: Request) -> JSONResponse:
        event = await verify_request(propper, request)  # failures: add_error_handler
        return JSONResponse({"id": event.id})

    @verify_webhook(propper)
    async def read_first(request: Request, event: Event) -> JSONResponse:
        return JSONResponse({"id": event.id, "payload_id": (await request.json())["id"]})

    async def consumed(request: Request) -> JSONResponse:
        async for _ in request.stream():  # drained, the bytes dropped
            pass
        event = await verify_request(propper, request)
        return JSONResponse({"id": event.id})

    @verify_webhook(propper)
    def sync_endpoint(request: Request, event: Event) -> JSONResponse:
        return JSONResponse({"id": event.id, "sync": True})

    class CallableEndpoint:
        async def __call__(self, request: Request, event: Event) -> JSONResponse:
            return JSONResponse({"id": event.id, "callable": True})

    routes += [Route("/echo/propper", echo, methods=["POST"]),
               Route("/manual/propper", manual, methods=["POST"]),
               Route("/read-first/propper", read_first, methods=["POST"]),
               Route("/consumed/propper", consumed, methods=["POST"]),
               Route("/sync/propper", sync_endpoint, methods=["POST"]),
               Route("/callable/propper", verify_webhook(propper)(CallableEndpoint()), methods=["POST"])]
    app = Starlette(routes=routes, middleware=[Middleware(ReadFirst)])
    add_error_handler(app)
    return app


def fastapi_app() -> Any:
    from signhook.fastapi import add_error_handler, verify_webhook

    app = FastAPI()
    add_error_handler(app)
    propper = verify_webhook(rotating("propper"))

    for provider in PROVIDERS:

        @app.post(f"/webhooks/{provider}")
        async def receive(event: Event = Depends(verify_webhook(rotating(provider)))) -> dict[str, Optional[str]]:
            return described(event)

    @app.post("/echo/propper")
    async def echo(request: Request, event: Event = Depends(propper)) -> dict[str, Any]:
        body = await request.body()
        return {"id": event.id, "length": len(body), "json_id": (await request.json())["id"]}

    @app.post("/manual/propper")
    async def manual(event: Event = Depends(propper)) -> dict[str, str]:
        return {"id": event.id}

    @app.post("/read-first/propper")
    async def read_first(payload: dict[str, Any] = Body(), event: Event = Depends(propper)) -> dict[str, Any]:
        # FastAPI reads and parses the body for `payload` before the dependency runs.
        return {"id": event.id, "payload_id": payload["id"]}

    async def drain(request: Request) -> None:
        async for _ in request.stream():  # drained, the bytes dropped
            pass

    @app.post("/consumed/propper", dependencies=[Depends(drain)])
    async def consumed(event: Event = Depends(propper)) -> dict[str, str]:
        return {"id": event.id}

    return app


@pytest.fixture(scope="module", params=FRAMEWORKS)
def url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "aiohttp":
        with serve_aiohttp(aiohttp_app()) as base:
            yield base
    else:
        with serve_asgi(starlette_app() if request.param == "starlette" else fastapi_app()) as base:
            yield base


def signed(provider: str, body: bytes, secret: Optional[str] = None) -> dict[str, str]:
    return verifier(provider, secret or SAMPLES[provider]["secret"]).sign(body)


def expected(provider: str, body: bytes) -> dict[str, Optional[str]]:
    return described(verifier(provider).verify(body, signed(provider, body)))


def assert_error(status: int, answer: Any, expected_status: int, code: str) -> str:
    """A failure answer: the status, and exactly {"error": code, "message": ...}."""
    assert status == expected_status, answer
    assert isinstance(answer, dict) and sorted(answer) == ["error", "message"], answer
    assert answer["error"] == code
    assert isinstance(answer["message"], str) and answer["message"]
    return str(answer["message"])


def oversize(provider: str) -> bytes:
    event = json.loads(sample_body(provider))
    event["padding"] = "x" * (LIMIT + 1000)
    return json.dumps(event).encode()


def pieces(body: bytes, size: int = 7000) -> list[bytes]:
    return [body[i:i + size] for i in range(0, len(body), size)]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_genuine_request_reaches_the_handler(url: str, provider: str) -> None:
    body = sample_body(provider)
    assert post(f"{url}/webhooks/{provider}", body, signed(provider, body)) == (200, expected(provider, body))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_previous_secret_still_verifies(url: str, provider: str) -> None:
    body = sample_body(provider, 1)
    headers = signed(provider, body, SAMPLES[provider]["previous_secret"])
    assert post(f"{url}/webhooks/{provider}", body, headers) == (200, expected(provider, body))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_forged_signature_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body, "whsec_forged"))
    message = assert_error(status, answer, 401, "SIGNATURE_MISMATCH")
    assert "raw request bytes" in message


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_tampered_body_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    tampered = body.replace(b"2026-01-01", b"2026-01-02", 1)
    assert tampered != body
    status, answer = post(f"{url}/webhooks/{provider}", tampered, signed(provider, body))
    assert_error(status, answer, 401, "SIGNATURE_MISMATCH")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_missing_signature_header_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    headers = {k: v for k, v in signed(provider, body).items() if k == "X-Client-Id"}
    status, answer = post(f"{url}/webhooks/{provider}", body, headers)
    assert_error(status, answer, 401, "MISSING_SIGNATURE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_malformed_signature_is_401(url: str, provider: str) -> None:
    body = sample_body(provider)
    headers = {name: value[:-2] if "Signature" in name else value
               for name, value in signed(provider, body).items()}
    status, answer = post(f"{url}/webhooks/{provider}", body, headers)
    assert_error(status, answer, 401, "MALFORMED_SIGNATURE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_signed_body_that_is_not_an_event_is_400(url: str, provider: str) -> None:
    body = b"not json"
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body))
    assert_error(status, answer, 400, "INVALID_PAYLOAD")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_body_over_the_limit_is_413(url: str, provider: str) -> None:
    body = oversize(provider)
    status, answer = post(f"{url}/webhooks/{provider}", body, signed(provider, body))
    message = assert_error(status, answer, 413, "PAYLOAD_TOO_LARGE")
    assert f"{LIMIT}-byte limit" in message


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_declared_length_over_the_limit_is_413_before_the_body(url: str, provider: str) -> None:
    headers = signed(provider, sample_body(provider))
    # No body is ever sent: a server that waited for it would time out instead.
    answer = exchange(f"{url}/webhooks/{provider}",
                      {**headers, "Content-Type": "application/json", "Content-Length": str(100 * MIB)},
                      timeout=10)
    message = assert_error(answer.status, answer.body, 413, "PAYLOAD_TOO_LARGE")
    assert f"{100 * MIB} bytes" in message
    assert answer.seconds < 5


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_chunked_body_over_the_limit_is_413(url: str, provider: str) -> None:
    body = oversize(provider)
    chunks = [*pieces(body), *[b" " * 65536] * 32]  # 2 MiB more than the event, if it were read
    answer = exchange(f"{url}/webhooks/{provider}",
                      {**signed(provider, body), "Transfer-Encoding": "chunked"}, chunks=chunks)
    assert_error(answer.status, answer.body, 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_chunked_body_under_the_limit_is_verified(url: str, provider: str) -> None:
    body = sample_body(provider, 2)
    answer = exchange(f"{url}/webhooks/{provider}",
                      {**signed(provider, body), "Transfer-Encoding": "chunked"}, chunks=pieces(body, 50))
    assert (answer.status, answer.body) == (200, expected(provider, body))


def test_a_krebit_client_id_mismatch_is_401(url: str) -> None:
    body = sample_body("krebit")
    status, answer = post(f"{url}/webhooks/krebit", body,
                          {**signed("krebit", body), "X-Client-Id": "client_someone_else"})
    assert_error(status, answer, 401, "CLIENT_ID_MISMATCH")


def test_the_handler_can_read_the_body_the_helper_read(url: str) -> None:
    body = sample_body("propper", 3)
    event_id = json.loads(body)["id"]
    assert post(f"{url}/echo/propper", body, signed("propper", body)) == (
        200, {"id": event_id, "length": len(body), "json_id": event_id})


def test_a_handler_that_verifies_by_itself_answers_failures_alike(url: str) -> None:
    body = sample_body("propper", 2)
    assert post(f"{url}/manual/propper", body, signed("propper", body)) == (200, {"id": json.loads(body)["id"]})
    status, answer = post(f"{url}/manual/propper", body, signed("propper", body, "whsec_forged"))
    assert_error(status, answer, 401, "SIGNATURE_MISMATCH")
    big = oversize("propper")
    status, answer = post(f"{url}/manual/propper", big, signed("propper", big))
    assert_error(status, answer, 413, "PAYLOAD_TOO_LARGE")


def test_a_body_the_app_read_first_is_verified(url: str) -> None:
    body = sample_body("propper", 4)
    event_id = json.loads(body)["id"]
    assert post(f"{url}/read-first/propper", body, signed("propper", body)) == (
        200, {"id": event_id, "payload_id": event_id})
    status, answer = post(f"{url}/read-first/propper", body, signed("propper", body, "whsec_forged"))
    assert_error(status, answer, 401, "SIGNATURE_MISMATCH")


def test_a_body_the_app_read_first_is_still_held_to_the_limit(url: str) -> None:
    body = oversize("propper")
    status, answer = post(f"{url}/read-first/propper", body, signed("propper", body))
    assert_error(status, answer, 413, "PAYLOAD_TOO_LARGE")


def test_a_stream_consumed_without_its_bytes_is_500_body_not_raw(url: str) -> None:
    body = sample_body("propper")
    status, answer = post(f"{url}/consumed/propper", body, signed("propper", body))
    message = assert_error(status, answer, 500, "BODY_NOT_RAW")
    assert "verify before anything else reads the body" in message


@pytest.mark.parametrize("kind", ["sync", "callable"])
def test_a_sync_or_callable_starlette_endpoint_runs_after_verification(kind: str) -> None:
    with serve_asgi(starlette_app()) as base:
        body = sample_body("propper")
        assert post(f"{base}/{kind}/propper", body, signed("propper", body)) == (
            200, {"id": json.loads(body)["id"], kind: True})
        status, answer = post(f"{base}/{kind}/propper", body, signed("propper", body, "whsec_forged"))
        assert_error(status, answer, 401, "SIGNATURE_MISMATCH")

