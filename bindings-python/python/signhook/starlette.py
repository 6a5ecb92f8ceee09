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
or raised.
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
from ._signhook import Event, Webhook, invalid_config
from .dedupe import AsyncDedupeGuard

__all__ = [
    "EndpointDecorator",
    "add_error_handler",
    "error_response",
    "read_body",
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
        raise WebhookVerificationError(_CONSUMED, "BODY_NOT_RAW", 500) from None
    request._body = body  # Starlette's cache of request.body()
    return body


async def verify_request(webhook: Webhook, request: Request) -> Event:
    """Reads the raw body (see ``read_body``), verifies it with the request's headers and
    returns the event; raises ``WebhookVerificationError`` on failure."""
    body = decoded(webhook, await read_body(webhook, request), request.headers.get("content-encoding"))
    # The header bytes as they arrived (Starlette's own strings are Latin-1 decoded).
    return webhook.verify(body, request.headers.raw, url=request.url.path + "?" + request.url.query)


def _json_error(error: WebhookVerificationError) -> JSONResponse:
    return JSONResponse(error.to_dict(), status_code=error.status)


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
    into a Starlette endpoint taking ``request``, which may also answer ``JSONResponse``
    (the answer to a rejected request). A sync endpoint runs in the thread pool, as
    Starlette runs sync endpoints."""

    @overload
    def __call__(
        self, endpoint: Callable[[Request, Event], Awaitable[R]]
    ) -> Callable[[Request], Awaitable[Union[R, JSONResponse]]]: ...
    @overload
    def __call__(
        self, endpoint: Callable[[Request, Event], R]
    ) -> Callable[[Request], Awaitable[Union[R, JSONResponse]]]: ...


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
        raise invalid_config("dedupe must be an AsyncDedupeGuard (signhook.dedupe)")


def verify_webhook(webhook: Webhook, *, dedupe: Optional[AsyncDedupeGuard] = None) -> EndpointDecorator:
    """Verifies each request with ``webhook`` before the endpoint runs and passes the event
    as the endpoint's second argument. A rejected request is answered with the error's
    status and ``{"error", "message"}`` without calling the endpoint.

    ``dedupe``: an ``AsyncDedupeGuard``, so that each event runs the endpoint once (see the
    module's documentation)."""
    _check_dedupe(dedupe)

    def decorator(endpoint: Callable[[Request, Event], Any]) -> Callable[[Request], Awaitable[Any]]:
        is_async = _is_async(endpoint)

        async def call(request: Request, event: Event) -> Any:
            if is_async:
                return await endpoint(request, event)
            return await run_in_threadpool(endpoint, request, event)

        @functools.wraps(endpoint)
        async def verified_endpoint(request: Request) -> Any:
            try:
                event = await verify_request(webhook, request)
                claim = None if dedupe is None else await dedupe.begin(event)
            except WebhookVerificationError as error:
                return _json_error(error)
            if claim is None:
                return await call(request, event)
            if claim.duplicate:
                return JSONResponse({"received": event.id, "duplicate": True})
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
            return response

        return verified_endpoint

    return cast(EndpointDecorator, decorator)
