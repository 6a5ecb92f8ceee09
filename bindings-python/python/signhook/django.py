"""Django: a view decorator that verifies the request before the view runs.

    from signhook import Event, Webhook
    from signhook.django import verify_webhook

    propper = Webhook("propper", secret=settings.PROPPER_WEBHOOK_SECRET)

    @verify_webhook(propper)
    def propper_webhook(request: HttpRequest, event: Event) -> HttpResponse:
        return JsonResponse({"received": event.id})

The view is exempt from CSRF checks (providers send no token; the signature is the check)
and accepts POST only (and ``GET`` for Adobe Acrobat Sign's check, below). A rejected
request is answered with the error's HTTP status and the JSON body
``{"error": code, "message": ...}``.

With ``dedupe=DedupeGuard(RedisStore(redis.Redis(...)))`` each event runs the view once across
every instance sharing the store: a redelivery of a processed event is answered 200
``{"received": id, "duplicate": true}`` without calling the view; one still being processed,
or a store that fails, is answered 503 (``EVENT_IN_PROGRESS``, ``DEDUPE_UNAVAILABLE``), so
that the provider retries. The event is marked done when the view answered 2xx, and released
for the provider's retry when it answered anything else or raised. A 503 that says when to
retry carries ``Retry-After``.

Some providers require more than a 2xx (``Webhook.reply()``), and the decorator sends it:
its headers are added to the view's response and to the duplicate answer (Adobe Acrobat
Sign's ``X-AdobeSign-ClientId``, echoed), and where the provider requires a body, a 2xx
response becomes 200 with exactly that body and its ``Content-Type`` (Dropbox Sign's ``Hello
API Event Received``: any other answer counts as a failed delivery), so the view may answer
``HttpResponse(status=204)`` or JSON. A response that is not 2xx keeps its status and body,
so that the provider retries.

Adobe Acrobat Sign checks a new URL with a ``GET`` first: for its webhook the view accepts
``GET`` too, and the decorator answers it, without calling the view, with the client id
echoed (401 ``CLIENT_ID_MISMATCH`` for another client id).
"""

from __future__ import annotations

import functools
import io
from typing import Any, Callable, Optional, TypeVar, cast

from django.http import HttpResponse, JsonResponse  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.http import (  # type: ignore[import-untyped,unused-ignore]
    require_http_methods,
)

from ._body import declared_length, decoded, read_bounded, WsgiHeaders
from ._errors import WebhookVerificationError
from ._reply import required
from ._signhook import Reply, Webhook, failure
from .dedupe import DedupeGuard

__all__ = ["read_body", "verify_webhook"]


def read_body(webhook: Webhook, request: Any) -> bytes:
    """The raw request body, read from the request in chunks and never past
    ``webhook.max_body_bytes + 1`` bytes. Raises ``PAYLOAD_TOO_LARGE`` as soon as the body is
    too large, and at once for a declared ``Content-Length`` over the limit, without reading
    the body.

    The body read is kept where ``request.body`` finds it, so the view can read it too.
    """
    if hasattr(request, "_body"):  # Django's cache of request.body: already read
        body: bytes = request.body
        webhook.check_body_len(len(body))
        return body
    body = read_bounded(webhook, request.read, declared_length(request.META.get("CONTENT_LENGTH")))
    # As Django's own request.body does once it has read the stream.
    request._body = body
    request._stream = io.BytesIO(body)
    return body

R = TypeVar("R")


def _error(error: WebhookVerificationError) -> Any:
    return JsonResponse(error.to_dict(), status=error.status, headers=error.headers)


def _replied(reply: Optional[Reply], response: Any) -> Any:
    """The view's response with what the provider requires (see the module's documentation)."""
    if reply is None:
        return response
    if reply.body is not None and 200 <= int(response.status_code) < 300:
        response.status_code = reply.status
        body = reply.body.encode()
        if response.streaming:
            response.streaming_content = [body]
        else:
            response.content = body
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(body))
        for name, value in reply.headers.items():
            response.headers[name] = value
    for name, value in reply.always_headers.items():
        response.headers[name] = value
    return response


def verify_webhook(
    webhook: Webhook, *, argument: str = "event", dedupe: Optional[DedupeGuard] = None
) -> Callable[[Callable[..., R]], Callable[..., Any]]:
    """Verifies ``request.body`` with ``webhook`` and passes the event to the view as the
    keyword argument ``argument`` (``event`` by default).

    ``dedupe``: a ``DedupeGuard``, so that each event runs the view once (see the module's
    documentation)."""
    if dedupe is not None and not isinstance(dedupe, DedupeGuard):
        raise failure("option_type", "dedupe must be a DedupeGuard (signhook.dedupe)")
    reply = required(webhook)
    handshake = webhook.has_handshake
    methods = require_http_methods(["GET", "POST"] if handshake else ["POST"])

    def decorator(view: Callable[..., R]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                if handshake and request.method == "GET":
                    return _replied(webhook.handshake(WsgiHeaders(request.headers)), HttpResponse())
                body = decoded(webhook, read_body(webhook, request), request.headers.get("Content-Encoding"))
                event = webhook.verify(body, WsgiHeaders(request.headers),
                                       url=request.get_full_path())
                claim = None if dedupe is None else dedupe.begin(event)
            except WebhookVerificationError as error:
                return _error(error)
            if claim is not None and claim.duplicate:
                return _replied(reply, JsonResponse({"received": event.id, "duplicate": True}))
            kwargs[argument] = event
            if claim is None:
                return _replied(reply, view(request, *args, **kwargs))
            try:
                response: Any = view(request, *args, **kwargs)
                status = int(response.status_code)
            except BaseException:
                claim.release()
                raise
            if 200 <= status < 300:
                claim.complete()
            else:
                claim.release()
            return _replied(reply, response)

        return cast(Callable[..., Any], csrf_exempt(methods(wrapper)))

    return decorator
