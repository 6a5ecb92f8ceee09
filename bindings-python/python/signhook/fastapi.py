"""FastAPI (and Starlette): a dependency that verifies the request, and the error handler
that answers a rejected one.

    from fastapi import Depends, FastAPI
    from signhook import Event, Webhook
    from signhook.fastapi import add_error_handler, verify_webhook

    app = FastAPI()
    add_error_handler(app)
    propper = Webhook("propper", secret=os.environ["PROPPER_WEBHOOK_SECRET"])

    @app.post("/webhooks/propper")
    async def propper_webhook(event: Event = Depends(verify_webhook(propper))) -> dict[str, str]:
        return {"received": event.id}

With the handler installed, a rejected request is answered with the error's HTTP status and
the JSON body ``{"error": code, "message": ...}``.
"""

from __future__ import annotations

from typing import Any, Callable, Coroutine

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._body import declared_length, read_bounded_async
from ._errors import WebhookVerificationError
from ._signhook import Event, Webhook

__all__ = ["add_error_handler", "error_response", "read_body", "verify_webhook"]


async def read_body(webhook: Webhook, request: Request) -> bytes:
    """The raw request body, read from ``request.stream()`` and never held past
    ``webhook.max_body_bytes + 1`` bytes, chunked or not. Raises ``PAYLOAD_TOO_LARGE`` as
    soon as the body is too large, and at once for a declared ``Content-Length`` over the
    limit, without reading the body.

    The body read is kept where ``await request.body()`` finds it, so the route can read it
    too.
    """
    declared = declared_length(request.headers.get("content-length"))
    # (request.stream() gives the cached body when request.body() was already read.)
    body = await read_bounded_async(webhook, request.stream(), declared)
    request._body = body  # Starlette's cache of request.body()
    return body


def verify_webhook(webhook: Webhook) -> Callable[[Request], Coroutine[Any, Any, Event]]:
    """A dependency that reads the raw body (see ``read_body``), verifies it and returns the
    event; it raises ``WebhookVerificationError`` on failure (see ``add_error_handler``)."""

    async def verified_event(request: Request) -> Event:
        return webhook.verify(await read_body(webhook, request), request.headers)

    return verified_event


async def error_response(request: Request, error: Exception) -> Response:
    """The answer to a rejected request: ``error.status`` and ``{"error", "message"}``."""
    if not isinstance(error, WebhookVerificationError):
        raise error
    return JSONResponse(error.to_dict(), status_code=error.status)


def add_error_handler(app: Any) -> None:
    """Answers every ``WebhookVerificationError`` raised in ``app`` with ``error_response``."""
    app.add_exception_handler(WebhookVerificationError, error_response)
