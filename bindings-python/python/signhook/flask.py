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
    """The raw request body. A body that announces more than ``webhook.max_body_bytes`` is
    read only one byte past the limit, so that verification rejects it without buffering it
    all."""
    limit = webhook.max_body_bytes
    length = request.content_length
    if length is not None and length > limit:
        return request.stream.read(limit + 1)
    return request.get_data(cache=True)


def _verify(webhook: Webhook) -> Union[Event, Response]:
    try:
        return webhook.verify(read_body(webhook), request.headers)
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
