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
for the provider's retry when it answered anything else or raised.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Awaitable, Callable, Optional, Protocol, TypeVar, Union, cast, overload

from flask import Response, current_app, jsonify, request

from ._body import declared_length, decoded, read_bounded, WsgiHeaders
from ._errors import WebhookVerificationError
from ._signhook import Event, Webhook, invalid_config
from .dedupe import Claim, DedupeGuard

__all__ = ["ViewDecorator", "error_response", "read_body", "verify_webhook"]

R = TypeVar("R")


def error_response(error: WebhookVerificationError) -> Response:
    """The answer to a rejected request: ``error.status`` and ``{"error", "message"}``.

    Also usable as an error handler, for views that call ``webhook.verify`` themselves:
    ``app.register_error_handler(WebhookVerificationError, error_response)``.
    """
    response = jsonify(error.to_dict())
    response.status_code = error.status
    return response


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


def _claim(dedupe: DedupeGuard, event: Event) -> Union[Claim, Response]:
    """The guard's claim of ``event``, or the answer without the view: a duplicate, or the
    guard's error."""
    try:
        claim = dedupe.begin(event)
    except WebhookVerificationError as error:
        return error_response(error)
    if claim.duplicate:
        return jsonify({"received": event.id, "duplicate": True})
    return claim


def _settle(claim: Claim, view_answer: Any) -> Response:
    """The view's answer as a response; the claim completed when it is 2xx, released otherwise."""
    try:
        response = current_app.make_response(view_answer)
    except BaseException:
        claim.release()
        raise
    if 200 <= response.status_code < 300:
        claim.complete()
    else:
        claim.release()
    return response


def verify_webhook(
    webhook: Webhook, *, argument: str = "event", dedupe: Optional[DedupeGuard] = None
) -> ViewDecorator:
    """Verifies each request with ``webhook`` and passes the event to the view as the keyword
    argument ``argument`` (``event`` by default). Works on sync and async views.

    ``dedupe``: a ``DedupeGuard``, so that each event runs the view once (see the module's
    documentation)."""
    if dedupe is not None and not isinstance(dedupe, DedupeGuard):
        raise invalid_config("dedupe must be a DedupeGuard (signhook.dedupe)")

    def decorator(view: Callable[..., R]) -> Callable[..., Union[R, Response]]:
        if inspect.iscoroutinefunction(view):
            async_view = cast(Callable[..., Awaitable[Any]], view)

            @functools.wraps(view)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                verified = _verify(webhook)
                if isinstance(verified, Response):
                    return verified
                kwargs[argument] = verified
                if dedupe is None:
                    return await async_view(*args, **kwargs)
                claim = _claim(dedupe, verified)
                if isinstance(claim, Response):
                    return claim
                try:
                    answer = await async_view(*args, **kwargs)
                except BaseException:
                    claim.release()
                    raise
                return _settle(claim, answer)

            return cast(Callable[..., Union[R, Response]], async_wrapper)

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Union[R, Response]:
            verified = _verify(webhook)
            if isinstance(verified, Response):
                return verified
            kwargs[argument] = verified
            if dedupe is None:
                return view(*args, **kwargs)
            claim = _claim(dedupe, verified)
            if isinstance(claim, Response):
                return claim
            try:
                answer = view(*args, **kwargs)
            except BaseException:
                claim.release()
                raise
            return _settle(claim, answer)

        return wrapper

    return cast(ViewDecorator, decorator)
