"""Django: a view decorator that verifies the request before the view runs.

    from signhook import Event, Webhook
    from signhook.django import verify_webhook

    propper = Webhook("propper", secret=settings.PROPPER_WEBHOOK_SECRET)

    @verify_webhook(propper)
    def propper_webhook(request: HttpRequest, event: Event) -> HttpResponse:
        return JsonResponse({"received": event.id})

The view is exempt from CSRF checks (providers send no token; the signature is the check)
and accepts POST only. A rejected request is answered with the error's HTTP status and the
JSON body ``{"error": code, "message": ...}``.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from django.http import JsonResponse  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped,unused-ignore]
from django.views.decorators.http import require_POST  # type: ignore[import-untyped,unused-ignore]

from ._errors import WebhookVerificationError
from ._signhook import Webhook

__all__ = ["verify_webhook"]

R = TypeVar("R")


def verify_webhook(
    webhook: Webhook, *, argument: str = "event"
) -> Callable[[Callable[..., R]], Callable[..., Any]]:
    """Verifies ``request.body`` with ``webhook`` and passes the event to the view as the
    keyword argument ``argument`` (``event`` by default)."""

    def decorator(view: Callable[..., R]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                event = webhook.verify(request.body, request.headers)
            except WebhookVerificationError as error:
                return JsonResponse(error.to_dict(), status=error.status)
            kwargs[argument] = event
            return view(request, *args, **kwargs)

        return csrf_exempt(require_POST(wrapper))

    return decorator
