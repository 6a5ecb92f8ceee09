"""Flask: a decorator that verifies the request before the view runs.

    from signhook import Event, Webhook
    from signhook.flask import verify_webhook

    propper = Webhook("propper", secret=os.environ["PROPPER_WEBHOOK_SECRET"])

    @app.post("/webhooks/propper")
    @verify_webhook(propper)
    def propper_webhook(event: Event) -> dict[str, str]:
        return {"received": event.id}

A rejected request never reaches the view: it is answered with the error's HTTP status and
the JSON body ``{"error": code, "message": ...}``.

With ``dedupe=DedupeGuard(RedisStore(redis.Redis(...)))`` each event runs the view once across
every instance sharing the store: a redelivery of a processed event is answered 200
``{"received": id, "duplicate": true}`` without calling the view; one still being processed,
or a store that fails, is answered 503 (``EVENT_IN_PROGRESS``, ``DEDUPE_UNAVAILABLE``), so
that the provider retries. The event is marked done when the view answered 2xx, and released
for the provider's retry when it answered anything else or raised. A 503 that says when to
retry carries ``Retry-After``.

Some providers require more than a 2xx (``Webhook.reply()``), and the decorator sends it:
its headers are added to the view's answer and to the duplicate answer (Adobe Acrobat Sign's
``X-AdobeSign-ClientId``, echoed), and where the provider requires a body, a 2xx answer
becomes 200 with exactly that body and its ``Content-Type`` (Dropbox Sign's ``Hello API
Event Received``: any other answer counts as a failed delivery), so a view may return
``""``, ``("", 204)`` or a dict. A view that answers anything but 2xx keeps its status and
body, so that the provider retries.

Adobe Acrobat Sign checks a new URL with a ``GET`` first: route ``GET`` to the view too
(``@app.route(path, methods=["GET", "POST"])``) and the decorator answers it, without calling
the view, with the client id echoed (401 ``CLIENT_ID_MISMATCH`` for another client id). Views
that call ``webhook.verify`` themselves return ``reply_response(webhook)``.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Awaitable, Callable, Optional, Protocol, TypeVar, Union, cast, overload

from flask import Response, current_app, jsonify, request

from ._body import declared_length, decoded, read_bounded, WsgiHeaders
from ._errors import WebhookVerificationError
from ._reply import required
from ._signhook import Event, Reply, Webhook, failure
from .dedupe import Claim, DedupeGuard

__all__ = ["ViewDecorator", "error_response", "read_body", "reply_response", "verify_webhook"]

R = TypeVar("R")


def error_response(error: WebhookVerificationError) -> Response:
    """The answer to a rejected request: ``error.status`` and ``{"error", "message"}``.

    Also usable as an error handler, for views that call ``webhook.verify`` themselves:
    ``app.register_error_handler(WebhookVerificationError, error_response)``.
    """
    response = jsonify(error.to_dict())
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def reply_response(webhook: Webhook) -> Response:
    """The answer the provider requires after a verified delivery (``webhook.reply()``): for
    views that call ``webhook.verify`` themselves. 200, with Dropbox Sign's body, Adobe's
    echoed client id; empty for the providers that need only a 2xx."""
    return cast(Response, _replied(webhook.reply(), Response(status=200)))


def _replied(reply: Optional[Reply], answer: Any) -> Any:
    """The view's answer with what the provider requires (see the module's documentation); as
    it is when the provider requires nothing."""
    if reply is None:
        return answer
    response = current_app.make_response(answer)
    if reply.body is not None and 200 <= response.status_code < 300:
        response.status_code = reply.status
        response.set_data(reply.body)
        response.headers.update(reply.headers)
    response.headers.update(reply.always_headers)
    return response


def _handshake(webhook: Webhook) -> Response:
    """The answer to the provider's ``GET`` check of the URL."""
    try:
        reply = webhook.handshake(WsgiHeaders(request.headers))
    except WebhookVerificationError as error:
        return error_response(error)
    return cast(Response, _replied(reply, Response(status=200)))


def read_body(webhook: Webhook) -> bytes:
    """The raw request body, read from ``request.stream`` in chunks and never past
    ``webhook.max_body_bytes + 1`` bytes, chunked or not. Raises ``PAYLOAD_TOO_LARGE`` as
    soon as the body is too large, and at once for a declared ``Content-Length`` over the
    limit, without reading the body.

    The body read is kept where ``request.get_data()`` finds it, so the view can read it too.
    """
    cached = getattr(request, "_cached_data", None)  # werkzeug's cache of get_data()
    if isinstance(cached, bytes):
        webhook.check_body_len(len(cached))
        return cached
    body = read_bounded(webhook, request.stream.read, declared_length(request.content_length))
    request._cached_data = body
    return body


def _verify(webhook: Webhook) -> Union[Event, Response]:
    try:
        body = decoded(webhook, read_body(webhook), request.headers.get("Content-Encoding"))
        return webhook.verify(body, WsgiHeaders(request.headers), url=request.full_path)
    except WebhookVerificationError as error:
        return error_response(error)


class ViewDecorator(Protocol):
    """What ``verify_webhook(...)`` returns: it keeps a view sync or async, and adds
    ``Response`` (the answer to a rejected request) to what the view may return."""

    @overload
    def __call__(
        self, view: Callable[..., Awaitable[R]]
    ) -> Callable[..., Awaitable[Union[R, Response]]]: ...
    @overload
    def __call__(self, view: Callable[..., R]) -> Callable[..., Union[R, Response]]: ...


def _claim(dedupe: DedupeGuard, event: Event, reply: Optional[Reply]) -> Union[Claim, Response]:
    """The guard's claim of ``event``, or the answer without the view: a duplicate (with the
    provider's reply), or the guard's error."""
    try:
        claim = dedupe.begin(event)
    except WebhookVerificationError as error:
        return error_response(error)
    if claim.duplicate:
        return cast(Response, _replied(reply, jsonify({"received": event.id, "duplicate": True})))
    return claim


def _settle(claim: Claim, view_answer: Any, reply: Optional[Reply]) -> Response:
    """The view's answer as a response, with the provider's reply; the claim completed when
    the view answered 2xx, released otherwise."""
    try:
        response = current_app.make_response(view_answer)
    except BaseException:
        claim.release()
        raise
    if 200 <= response.status_code < 300:
        claim.complete()
    else:
        claim.release()
    return cast(Response, _replied(reply, response))


def verify_webhook(
    webhook: Webhook, *, argument: str = "event", dedupe: Optional[DedupeGuard] = None
) -> ViewDecorator:
    """Verifies each request with ``webhook`` and passes the event to the view as the keyword
    argument ``argument`` (``event`` by default). Works on sync and async views.

    ``dedupe``: a ``DedupeGuard``, so that each event runs the view once (see the module's
    documentation)."""
    if dedupe is not None and not isinstance(dedupe, DedupeGuard):
        raise failure("option_type", "dedupe must be a DedupeGuard (signhook.dedupe)")
    reply = required(webhook)
    handshake = webhook.has_handshake

    def decorator(view: Callable[..., R]) -> Callable[..., Union[R, Response]]:
        if inspect.iscoroutinefunction(view):
            async_view = cast(Callable[..., Awaitable[Any]], view)

            @functools.wraps(view)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                if handshake and request.method == "GET":
                    return _handshake(webhook)
                verified = _verify(webhook)
                if isinstance(verified, Response):
                    return verified
                kwargs[argument] = verified
                if dedupe is None:
                    return _replied(reply, await async_view(*args, **kwargs))
                claim = _claim(dedupe, verified, reply)
                if isinstance(claim, Response):
                    return claim
                try:
                    answer = await async_view(*args, **kwargs)
                except BaseException:
                    claim.release()
                    raise
                return _settle(claim, answer, reply)

            return cast(Callable[..., Union[R, Response]], async_wrapper)

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Union[R, Response]:
            if handshake and request.method == "GET":
                return _handshake(webhook)
            verified = _verify(webhook)
            if isinstance(verified, Response):
                return verified
            kwargs[argument] = verified
            if dedupe is None:
                return cast(Union[R, Response], _replied(reply, view(*args, **kwargs)))
            claim = _claim(dedupe, verified, reply)
            if isinstance(claim, Response):
                return claim
            try:
                answer = view(*args, **kwargs)
            except BaseException:
                claim.release()
                raise
            return _settle(claim, answer, reply)

        return wrapper

    return cast(ViewDecorator, decorator)
