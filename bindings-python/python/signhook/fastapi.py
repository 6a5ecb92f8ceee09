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

With ``verify_webhook(propper, dedupe=AsyncDedupeGuard(AsyncRedisStore(redis.asyncio.Redis(...))))``
each event runs the route once across every instance sharing the store: a redelivery of a
processed event is answered 200 ``{"received": id, "duplicate": true}`` without calling the
route (``add_error_handler`` installs that answer too); one still being processed, or a store
that fails, is answered 503 (``EVENT_IN_PROGRESS``, ``DEDUPE_UNAVAILABLE``), so that the
provider retries. A dependency does not see the route's response: the event is marked done
when the route returns, and released for the provider's retry when it raises (raise
``HTTPException`` to answer a failure).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Callable, Coroutine, Optional, Union, overload

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._signhook import Event, Webhook
from .dedupe import AsyncDedupeGuard
from .starlette import _check_dedupe, error_response, read_body, verify_request
from .starlette import add_error_handler as _add_verification_handler

__all__ = [
    "DuplicateEvent",
    "add_error_handler",
    "duplicate_response",
    "error_response",
    "read_body",
    "verify_webhook",
]


class DuplicateEvent(Exception):
    """What a deduplicating ``verify_webhook`` dependency raises for a redelivery of an event
    already processed, so that the route does not run; ``add_error_handler`` answers it 200
    ``{"received": id, "duplicate": true}``."""

    def __init__(self, event_id: str) -> None:
        super().__init__(event_id)
        self.event_id = event_id


async def duplicate_response(request: Request, error: Exception) -> Response:
    """The answer to a ``DuplicateEvent``: 200 ``{"received": id, "duplicate": true}``."""
    if not isinstance(error, DuplicateEvent):
        raise error
    return JSONResponse({"received": error.event_id, "duplicate": True})


def add_error_handler(app: Any) -> None:
    """Answers every ``WebhookVerificationError`` raised in ``app`` with ``error_response``,
    and every ``DuplicateEvent`` with ``duplicate_response``."""
    _add_verification_handler(app)
    app.add_exception_handler(DuplicateEvent, duplicate_response)


@overload
def verify_webhook(webhook: Webhook, *, dedupe: None = None) -> Callable[[Request], Coroutine[Any, Any, Event]]: ...
@overload
def verify_webhook(webhook: Webhook, *, dedupe: AsyncDedupeGuard) -> Callable[[Request], AsyncIterator[Event]]: ...


def verify_webhook(
    webhook: Webhook, *, dedupe: Optional[AsyncDedupeGuard] = None
) -> Union[Callable[[Request], Coroutine[Any, Any, Event]], Callable[[Request], AsyncIterator[Event]]]:
    """A dependency that reads the raw body (see ``read_body``: bounded, and kept for the
    route), verifies it and returns the event; it raises ``WebhookVerificationError`` on
    failure (see ``add_error_handler``).

    ``dedupe``: an ``AsyncDedupeGuard``, so that each event runs the route once (see the
    module's documentation)."""
    _check_dedupe(dedupe)

    async def verified_event(request: Request) -> Event:
        return await verify_request(webhook, request)

    if dedupe is None:
        return verified_event
    guard = dedupe

    async def deduplicated_event(request: Request) -> AsyncIterator[Event]:
        event = await verify_request(webhook, request)
        claim = await guard.begin(event)
        if claim.duplicate:
            raise DuplicateEvent(event.id)
        try:
            yield event
        except BaseException:
            await claim.release()
            raise
        await claim.complete()

    return deduplicated_event
