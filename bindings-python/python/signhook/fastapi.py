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
``HTTPException`` to answer a failure). A 503 that says when to retry carries
``Retry-After``.

Some providers require more than a 2xx (``Webhook.reply()``). A dependency cannot change the
route's response, so:

- headers only (Adobe Acrobat Sign's ``X-AdobeSign-ClientId``, echoed): the dependency sets
  them on the response FastAPI builds from what the route returns (a dict, a model, ``None``).
  A route that returns a ``Response`` of its own adds them itself, or returns
  ``reply_response(webhook)``;
- a body (Dropbox Sign requires exactly ``Hello API Event Received``; any other answer counts
  as a failed delivery): the route returns ``reply_response(webhook)``::

      @app.post("/webhooks/dropboxsign")
      async def dropboxsign_webhook(event: Event = Depends(verify_webhook(dropboxsign))) -> Response:
          ...
          return reply_response(dropboxsign)

The duplicate answer (``add_error_handler``) carries the reply itself. Adobe Acrobat Sign
checks a new URL with a ``GET`` first: answer it with a ``GET`` route on the same path that
returns ``handshake_response(webhook, request)`` (200 with the client id echoed, 401
``CLIENT_ID_MISMATCH`` for another client id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Callable, Coroutine, Optional, Union, overload

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._reply import required
from ._signhook import Event, Reply, Webhook
from .dedupe import AsyncDedupeGuard
from .starlette import (
    _check_dedupe,
    _replied,
    error_response,
    handshake_response,
    read_body,
    reply_response,
    verify_request,
)
from .starlette import add_error_handler as _add_verification_handler

__all__ = [
    "DuplicateEvent",
    "add_error_handler",
    "duplicate_response",
    "error_response",
    "handshake_response",
    "read_body",
    "reply_response",
    "verify_webhook",
]


class DuplicateEvent(Exception):
    """What a deduplicating ``verify_webhook`` dependency raises for a redelivery of an event
    already processed, so that the route does not run; ``add_error_handler`` answers it 200
    ``{"received": id, "duplicate": true}``, with ``reply`` (the reply the provider requires,
    when it requires more than a 2xx)."""

    def __init__(self, event_id: str, reply: Optional[Reply] = None) -> None:
        super().__init__(event_id)
        self.event_id = event_id
        self.reply = reply


async def duplicate_response(request: Request, error: Exception) -> Response:
    """The answer to a ``DuplicateEvent``: 200 ``{"received": id, "duplicate": true}``, with
    the reply the provider requires."""
    if not isinstance(error, DuplicateEvent):
        raise error
    return _replied(error.reply, JSONResponse({"received": error.event_id, "duplicate": True}))


def add_error_handler(app: Any) -> None:
    """Answers every ``WebhookVerificationError`` raised in ``app`` with ``error_response``,
    and every ``DuplicateEvent`` with ``duplicate_response``."""
    _add_verification_handler(app)
    app.add_exception_handler(DuplicateEvent, duplicate_response)


@overload
def verify_webhook(
    webhook: Webhook, *, dedupe: None = None
) -> Callable[[Request, Response], Coroutine[Any, Any, Event]]: ...
@overload
def verify_webhook(
    webhook: Webhook, *, dedupe: AsyncDedupeGuard
) -> Callable[[Request, Response], AsyncIterator[Event]]: ...


def verify_webhook(
    webhook: Webhook, *, dedupe: Optional[AsyncDedupeGuard] = None
) -> Union[
    Callable[[Request, Response], Coroutine[Any, Any, Event]],
    Callable[[Request, Response], AsyncIterator[Event]],
]:
    """A dependency that reads the raw body (see ``read_body``: bounded, and kept for the
    route), verifies it and returns the event; it raises ``WebhookVerificationError`` on
    failure (see ``add_error_handler``).

    ``dedupe``: an ``AsyncDedupeGuard``, so that each event runs the route once (see the
    module's documentation)."""
    _check_dedupe(dedupe)
    reply = required(webhook)
    # FastAPI adds these to the response it builds from the route's value (a body it cannot).
    headers = {} if reply is None else reply.always_headers

    async def verified_event(request: Request, response: Response) -> Event:
        event = await verify_request(webhook, request)
        response.headers.update(headers)
        return event

    if dedupe is None:
        return verified_event
    guard = dedupe

    async def deduplicated_event(request: Request, response: Response) -> AsyncIterator[Event]:
        event = await verify_request(webhook, request)
        claim = await guard.begin(event)
        if claim.duplicate:
            raise DuplicateEvent(event.id, reply)
        response.headers.update(headers)
        try:
            yield event
        except BaseException:
            await claim.release()
            raise
        await claim.complete()

    return deduplicated_event
