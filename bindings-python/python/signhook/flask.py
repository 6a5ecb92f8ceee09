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
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Awaitable, Callable, Protocol, TypeVar, Union, cast, overload

from flask import Response, jsonify, request

from ._body import declared_length, decoded, read_bounded, WsgiHeaders
from ._errors import WebhookVerificationError
from ._signhook import Event, Webhook

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
        return webhook.verify(body, WsgiHeaders(request.headers))
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


def verify_webhook(webhook: Webhook, *, argument: str = "event") -> ViewDecorator:
    """Verifies each request with ``webhook`` and passes the event to the view as the keyword
    argument ``argument`` (``event`` by default). Works on sync and async views."""

    def decorator(view: Callable[..., R]) -> Callable[..., Union[R, Response]]:
        if inspect.iscoroutinefunction(view):
            async_view = cast(Callable[..., Awaitable[Any]], view)

            @functools.wraps(view)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                verified = _verify(webhook)
                if isinstance(verified, Response):
                    return verified
                kwargs[argument] = verified
                return await async_view(*args, **kwargs)

            return cast(Callable[..., Union[R, Response]], async_wrapper)

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Union[R, Response]:
            verified = _verify(webhook)
            if isinstance(verified, Response):
                return verified
            kwargs[argument] = verified
            return view(*args, **kwargs)

        return wrapper

    return cast(ViewDecorator, decorator)
