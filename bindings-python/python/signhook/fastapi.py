"""FastAPI: a dependency that verifies the request, and the error handler that answers a
rejected one. Built on ``signhook.starlette``.

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

from ._signhook import Event, Webhook
from .starlette import add_error_handler, error_response, read_body, verify_request

__all__ = ["add_error_handler", "error_response", "read_body", "verify_webhook"]


def verify_webhook(webhook: Webhook) -> Callable[[Request], Coroutine[Any, Any, Event]]:
    """A dependency that reads the raw body (see ``read_body``: bounded, and kept for the
    route), verifies it and returns the event; it raises ``WebhookVerificationError`` on
    failure (see ``add_error_handler``)."""

    async def verified_event(request: Request) -> Event:
        return await verify_request(webhook, request)

    return verified_event
