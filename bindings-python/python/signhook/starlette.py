"""Starlette: an endpoint decorator that verifies the request, and the error handler that
answers a rejected request when an endpoint verifies it itself.

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from signhook import Event, Webhook
    from signhook.starlette import verify_webhook

    propper = Webhook("propper", secret=os.environ["PROPPER_WEBHOOK_SECRET"])

    @verify_webhook(propper)
    async def propper_webhook(request: Request, event: Event) -> JSONResponse:
        return JSONResponse({"received": event.id})

    app = Starlette(routes=[Route("/webhooks/propper", propper_webhook, methods=["POST"])])

A rejected request never reaches the endpoint: it is answered with the error's HTTP status
and the JSON body ``{"error": code, "message": ...}``. An endpoint can also call
``await verify_request(webhook, request)`` itself; ``add_error_handler(app)`` then answers
its failures the same way. ``signhook.fastapi`` builds on this module.

With ``dedupe=AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis(...)))`` each event runs
the endpoint once across every instance sharing the store: a redelivery of a processed event
is answered 200 ``{"received": id, "duplicate": true}`` without calling the endpoint; one still
being processed, or a store that fails, is answered 503 (``EVENT_IN_PROGRESS``,
``DEDUPE_UNAVAILABLE``), so that the provider retries. The event is marked done when the
endpoint answered 2xx, and released for the provider's retry when it answered anything else
or raised. A 503 that says when to retry carries ``Retry-After``.

Some providers require more than a 2xx (``Webhook.reply()``), and the decorator sends it:
its headers are added to the endpoint's response and to the duplicate answer (Adobe Acrobat
Sign's ``X-AdobeSign-ClientId``, echoed), and where the provider requires a body, a 2xx
response becomes 200 with exactly that body and its ``Content-Type`` (Dropbox Sign's ``Hello
API Event Received``: any other answer counts as a failed delivery), its other headers and
background task kept. A response that is not 2xx keeps its status and body, so that the
provider retries.

Adobe Acrobat Sign checks a new URL with a ``GET`` first: route ``GET`` to the endpoint too
(``methods=["GET", "POST"]``) and the decorator answers it, without calling the endpoint,
with the client id echoed (401 ``CLIENT_ID_MISMATCH`` for another client id). An endpoint that
calls ``verify_request`` itself returns ``reply_response(webhook)``, and answers the ``GET``
with ``handshake_response(webhook, request)``.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Awaitable, Callable, Optional, Protocol, TypeVar, Union, cast, overload

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._body import declared_length, decoded, read_bounded_async
from ._errors import WebhookVerificationError
from ._reply import required
from ._signhook import Event, Reply, Webhook, failure
from .dedupe import AsyncDedupeGuard

__all__ = [
    "EndpointDecorator",
    "add_error_handler",
    "error_response",
    "handshake_response",
    "read_body",
    "reply_response",
    "verify_request",
    "verify_webhook",
]

R = TypeVar("R", bound=Response)

_CONSUMED = (
    "the request body stream was consumed before signhook could read it (`request.stream()` "
    "read to the end without keeping the bytes); read it with `await request.body()`, which "
    "keeps them, or verify before anything else reads the body"
)


async def read_body(webhook: Webhook, request: Request) -> bytes:
    """The raw request body, read from ``request.stream()`` and never held past
    ``webhook.max_body_bytes + 1`` bytes, chunked or not. Raises ``PAYLOAD_TOO_LARGE`` as
    soon as the body is too large, and at once for a declared ``Content-Length`` over the
    limit, without reading the body; ``BODY_NOT_RAW`` when the stream was already consumed
    and its bytes were not kept.

    A body that ``await request.body()`` already read is used as it is (its length is
    checked). The body read is kept where ``await request.body()`` finds it, so the endpoint
    can read it too.
    """
    declared = declared_length(request.headers.get("content-length"))
    # (request.stream() gives the cached body when request.body() was already read.)
    try:
        body = await read_bounded_async(webhook, request.stream(), declared)
    except RuntimeError as error:
        if str(error) != "Stream consumed":
            raise
        raise failure("body_not_raw", _CONSUMED) from None
    request._body = body  # Starlette's cache of request.body()
    return body


async def verify_request(webhook: Webhook, request: Request) -> Event:
    """Reads the raw body (see ``read_body``), verifies it with the request's headers and
    returns the event; raises ``WebhookVerificationError`` on failure."""
    body = decoded(webhook, await read_body(webhook, request), request.headers.get("content-encoding"))
    # The header bytes as they arrived (Starlette's own strings are Latin-1 decoded).
    return webhook.verify(body, request.headers.raw, url=request.url.path + "?" + request.url.query)


def _json_error(error: WebhookVerificationError) -> JSONResponse:
    return JSONResponse(error.to_dict(), status_code=error.status, headers=error.headers)


#: The view's headers that describe its body, left out when the body is the reply's.
_BODY_HEADERS = (b"content-length", b"content-type", b"content-encoding", b"transfer-encoding")


def _replied(reply: Optional[Reply], response: Response) -> Response:
    """The endpoint's response with what the provider requires (see the module's
    documentation)."""
    if reply is None:
        return response
    if reply.body is not None and 200 <= response.status_code < 300:
        kept = [(k, v) for k, v in response.raw_headers if k.lower() not in _BODY_HEADERS]
        response = Response(reply.body, status_code=reply.status, headers=reply.headers,
                            background=response.background)
        response.raw_headers.extend(kept)
    response.headers.update(reply.always_headers)
    return response


def reply_response(webhook: Webhook) -> Response:
    """The answer the provider requires after a verified delivery (``webhook.reply()``): for
    endpoints that call ``verify_request`` themselves, and FastAPI routes. 200, with Dropbox
    Sign's body, Adobe's echoed client id; empty for the providers that need only a 2xx."""
    return _replied(webhook.reply(), Response(status_code=200))


def handshake_response(webhook: Webhook, request: Request) -> Response:
    """The answer to the provider's ``GET`` check of a new URL (Adobe Acrobat Sign): 200 with
    the client id echoed, or 401 ``CLIENT_ID_MISMATCH`` (JSON, as a rejected request); 405
    for a provider that sends no such check."""
    try:
        reply = webhook.handshake(request.headers.raw)
    except WebhookVerificationError as error:
        return _json_error(error)
    if reply is None:
        return Response(status_code=405, headers={"Allow": "POST"})
    return _replied(reply, Response(status_code=200))


async def error_response(request: Request, error: Exception) -> Response:
    """The answer to a rejected request: ``error.status`` and ``{"error", "message"}``.

    Its signature is that of a Starlette exception handler (see ``add_error_handler``)."""
    if not isinstance(error, WebhookVerificationError):
        raise error
    return _json_error(error)


def add_error_handler(app: Any) -> None:
    """Answers every ``WebhookVerificationError`` raised in ``app`` (a Starlette or FastAPI
    application) with ``error_response``. Equivalent to passing
    ``exception_handlers={WebhookVerificationError: error_response}`` to ``Starlette(...)``."""
    app.add_exception_handler(WebhookVerificationError, error_response)


class EndpointDecorator(Protocol):
    """What ``verify_webhook(...)`` returns: it turns an endpoint taking ``(request, event)``
    into a Starlette endpoint taking ``request``, which may also answer another ``Response``
    (the answer to a rejected request, or the reply the provider requires). A sync endpoint
    runs in the thread pool, as Starlette runs sync endpoints."""

    @overload
    def __call__(
        self, endpoint: Callable[[Request, Event], Awaitable[R]]
    ) -> Callable[[Request], Awaitable[Union[R, Response]]]: ...
    @overload
    def __call__(
        self, endpoint: Callable[[Request, Event], R]
    ) -> Callable[[Request], Awaitable[Union[R, Response]]]: ...


def _is_async(endpoint: Any) -> bool:
    """Whether calling ``endpoint`` gives a coroutine (as Starlette tells, partials and
    objects with an ``async def __call__`` included)."""
    while isinstance(endpoint, functools.partial):
        endpoint = endpoint.func
    return inspect.iscoroutinefunction(endpoint) or inspect.iscoroutinefunction(
        getattr(endpoint, "__call__", None)
    )


def _check_dedupe(dedupe: Optional[AsyncDedupeGuard]) -> None:
    """Raises ``INVALID_CONFIG`` unless ``dedupe`` is ``None`` or an ``AsyncDedupeGuard``."""
    if dedupe is not None and not isinstance(dedupe, AsyncDedupeGuard):
        raise failure("option_type", "dedupe must be an AsyncDedupeGuard (signhook.dedupe)")


def verify_webhook(webhook: Webhook, *, dedupe: Optional[AsyncDedupeGuard] = None) -> EndpointDecorator:
    """Verifies each request with ``webhook`` before the endpoint runs and passes the event
    as the endpoint's second argument. A rejected request is answered with the error's
    status and ``{"error", "message"}`` without calling the endpoint.

    ``dedupe``: an ``AsyncDedupeGuard``, so that each event runs the endpoint once (see the
    module's documentation)."""
    _check_dedupe(dedupe)
    reply = required(webhook)
    handshake = webhook.has_handshake

    def decorator(endpoint: Callable[[Request, Event], Any]) -> Callable[[Request], Awaitable[Any]]:
        is_async = _is_async(endpoint)

        async def call(request: Request, event: Event) -> Any:
            if is_async:
                return await endpoint(request, event)
            return await run_in_threadpool(endpoint, request, event)

        @functools.wraps(endpoint)
        async def verified_endpoint(request: Request) -> Any:
            if handshake and request.method == "GET":
                return handshake_response(webhook, request)
            try:
                event = await verify_request(webhook, request)
                claim = None if dedupe is None else await dedupe.begin(event)
            except WebhookVerificationError as error:
                return _json_error(error)
            if claim is None:
                return _replied(reply, await call(request, event))
            if claim.duplicate:
                return _replied(reply, JSONResponse({"received": event.id, "duplicate": True}))
            try:
                response = await call(request, event)
                status = int(response.status_code)
            except BaseException:
                await claim.release()
                raise
            if 200 <= status < 300:
                await claim.complete()
            else:
                await claim.release()
            return _replied(reply, response)

        return verified_endpoint

    return cast(EndpointDecorator, decorator)
