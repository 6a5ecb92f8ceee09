"""aiohttp: a handler decorator that verifies the request, and a middleware that answers a
rejected request when a handler verifies it itself.

    from aiohttp import web
    from signhook import Event, Webhook
    from signhook.aiohttp import verify_webhook

    propper = Webhook("propper", secret=os.environ["PROPPER_WEBHOOK_SECRET"])

    @verify_webhook(propper)
    async def propper_webhook(request: web.Request, event: Event) -> web.Response:
        return web.json_response({"received": event.id})

    app = web.Application()
    app.router.add_post("/webhooks/propper", propper_webhook)

A rejected request never reaches the handler: it is answered with the error's HTTP status
and the JSON body ``{"error": code, "message": ...}``. A handler can also call
``await verify_request(webhook, request)`` itself; ``error_middleware`` in the
application's middlewares then answers its failures the same way.

The body is read from ``request.content`` with signhook's own limit (``max_body_bytes``),
not aiohttp's ``client_max_size``, which applies to ``request.read()`` only.

With ``dedupe=AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis(...)))`` each event runs
the handler once across every instance sharing the store: a redelivery of a processed event
is answered 200 ``{"received": id, "duplicate": true}`` without calling the handler; one
still being processed, or a store that fails, is answered 503 (``EVENT_IN_PROGRESS``,
``DEDUPE_UNAVAILABLE``), so that the provider retries. The event is marked done when the
handler answered 2xx (returned, or raised as an ``HTTPException``), and released for the
provider's retry otherwise. A 503 that says when to retry carries ``Retry-After``.

Some providers require more than a 2xx (``Webhook.reply()``), and the decorator sends it:
its headers are added to the handler's response (returned, or raised as an
``HTTPException``) and to the duplicate answer (Adobe Acrobat Sign's
``X-AdobeSign-ClientId``, echoed), and where the provider requires a body, a 2xx response
becomes 200 with exactly that body and its ``Content-Type`` (Dropbox Sign's ``Hello API
Event Received``: any other answer counts as a failed delivery). A response that is not 2xx
keeps its status and body, so that the provider retries; one the handler already sent
(prepared) is left as it is.

Adobe Acrobat Sign checks a new URL with a ``GET`` first: route ``GET`` to the handler too
(``app.router.add_get``) and the decorator answers it, without calling the handler, with the
client id echoed (401 ``CLIENT_ID_MISMATCH`` for another client id). A handler that calls
``verify_request`` itself returns ``reply_response(webhook)``.
"""

from __future__ import annotations

import functools
from typing import Awaitable, Callable, Optional, TypeVar, Union

from aiohttp import web

from ._body import declared_length, read_bounded_async_reader
from ._errors import WebhookVerificationError
from ._reply import required
from ._signhook import Event, Reply, Webhook, failure
from .dedupe import AsyncDedupeGuard

__all__ = [
    "error_middleware",
    "error_response",
    "read_body",
    "reply_response",
    "verify_request",
    "verify_webhook",
]

R = TypeVar("R", bound=web.StreamResponse)

_CONSUMED = (
    "the request body was read from `request.content` before signhook could read it, and its "
    "bytes were not kept; read it with `await request.read()` (which keeps them), or verify "
    "before anything else reads the body"
)


async def read_body(webhook: Webhook, request: web.Request) -> bytes:
    """The raw request body, read from ``request.content`` in chunks and never past
    ``webhook.max_body_bytes + 1`` bytes, chunked or not. Raises ``PAYLOAD_TOO_LARGE`` as
    soon as the body is too large, and at once for a declared ``Content-Length`` over the
    limit, without reading the body; ``BODY_NOT_RAW`` when the stream was already read and
    its bytes were not kept.

    A body that ``await request.read()`` (or ``text()``, ``json()``, ``post()``) already
    read is used as it is (its length is checked). The body read is kept where
    ``await request.read()`` finds it, so the handler can read it too.
    """
    cached = request._read_bytes  # aiohttp's cache of request.read()
    if isinstance(cached, bytes):
        webhook.check_body_len(len(cached))
        return cached
    stream = request.content
    if stream.at_eof() and stream.total_bytes > 0:
        raise failure("body_not_raw", _CONSUMED)
    try:
        body = await read_bounded_async_reader(
            webhook, stream.read, declared_length(request.headers.get("Content-Length"))
        )
    except web.RequestPayloadError as error:
        # aiohttp's server decodes a Content-Encoding itself; this body did not decode.
        encoding = request.headers.get("Content-Encoding", "").strip().lower()
        if "content-encoding" not in str(error).lower():
            raise
        raise failure("undecodable", encoding) from None
    request._read_bytes = body
    return body


async def verify_request(webhook: Webhook, request: web.Request) -> Event:
    """Reads the raw body (see ``read_body``), verifies it with the request's headers and
    returns the event; raises ``WebhookVerificationError`` on failure."""
    # aiohttp's server has already decoded a gzip, deflate or br Content-Encoding (its
    # auto_decompress, on by default); the header bytes are passed as they arrived.
    return webhook.verify(await read_body(webhook, request), request.raw_headers,
                          url=str(request.rel_url))


def error_response(error: WebhookVerificationError) -> web.Response:
    """The answer to a rejected request: ``error.status`` and ``{"error", "message"}``."""
    return web.json_response(error.to_dict(), status=error.status, headers=error.headers)


def _replied(reply: Optional[Reply], response: R) -> R:
    """The handler's response with what the provider requires (see the module's
    documentation), changed in place."""
    if reply is None or response.prepared:
        return response
    if reply.body is not None and 200 <= response.status < 300 and isinstance(response, web.Response):
        response.set_status(reply.status)
        response.body = reply.body.encode()
        response.headers.popall("Content-Length", None)
        response.headers.update(reply.headers)
    response.headers.update(reply.always_headers)
    return response


def reply_response(webhook: Webhook) -> web.Response:
    """The answer the provider requires after a verified delivery (``webhook.reply()``): for
    handlers that call ``verify_request`` themselves. 200, with Dropbox Sign's body, Adobe's
    echoed client id; empty for the providers that need only a 2xx."""
    return _replied(webhook.reply(), web.Response(status=200))


async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answers a ``WebhookVerificationError`` raised by a handler with ``error_response``:
    ``web.Application(middlewares=[error_middleware])``."""
    try:
        return await handler(request)
    except WebhookVerificationError as error:
        return error_response(error)


# What @web.middleware does; the decorator would type the coroutine function as a plain one.
setattr(error_middleware, "__middleware_version__", 1)


def verify_webhook(
    webhook: Webhook, *, dedupe: Optional[AsyncDedupeGuard] = None
) -> Callable[
    [Callable[[web.Request, Event], Awaitable[R]]],
    Callable[[web.Request], Awaitable[Union[R, web.Response]]],
]:
    """Verifies each request with ``webhook`` before the handler runs and passes the event
    as the handler's second argument. A rejected request is answered with the error's
    status and ``{"error", "message"}`` without calling the handler.

    ``dedupe``: an ``AsyncDedupeGuard``, so that each event runs the handler once (see the
    module's documentation)."""
    if dedupe is not None and not isinstance(dedupe, AsyncDedupeGuard):
        raise failure("option_type", "dedupe must be an AsyncDedupeGuard (signhook.dedupe)")
    reply = required(webhook)
    handshake = webhook.has_handshake

    def decorator(
        handler: Callable[[web.Request, Event], Awaitable[R]],
    ) -> Callable[[web.Request], Awaitable[Union[R, web.Response]]]:
        @functools.wraps(handler)
        async def verified_handler(request: web.Request) -> Union[R, web.Response]:
            try:
                if handshake and request.method == "GET":
                    return _replied(webhook.handshake(request.raw_headers), web.Response(status=200))
                event = await verify_request(webhook, request)
                claim = None if dedupe is None else await dedupe.begin(event)
            except WebhookVerificationError as error:
                return error_response(error)
            if claim is not None and claim.duplicate:
                return _replied(reply, web.json_response({"received": event.id, "duplicate": True}))
            try:
                response = await handler(request, event)
            except web.HTTPException as raised:  # aiohttp's exceptions are responses too
                if claim is not None:
                    await (claim.complete() if 200 <= raised.status < 300 else claim.release())
                _replied(reply, raised)
                raise
            except BaseException:
                if claim is not None:
                    await claim.release()
                raise
            if claim is not None:
                await (claim.complete() if 200 <= response.status < 300 else claim.release())
            return _replied(reply, response)

        return verified_handler

    return decorator
