"""What every framework helper adds to its answers, by one rule.

- After a verified delivery, the reply the provider requires (``Webhook.reply()``): its
  headers are added to the answer (Adobe's echoed client id); when it has a body (Dropbox
  Sign), a 2xx answer becomes 200 with exactly that body and its ``Content-Type``, as any
  other answer counts as a failed delivery. An answer that is not 2xx keeps its status and
  body, so that the provider retries.
- On an error that says when to retry (``EVENT_IN_PROGRESS``), ``Retry-After`` in seconds.
"""

from __future__ import annotations

from typing import Optional

from ._errors import WebhookVerificationError
from ._signhook import Reply, Webhook

__all__ = ["echoed", "error_headers", "required"]


def required(webhook: Webhook) -> Optional[Reply]:
    """``webhook.reply()``, or ``None`` when the provider requires nothing beyond a 2xx (the
    view's answer is then sent as it is)."""
    reply = webhook.reply()
    return reply if reply.headers or reply.body is not None else None


def echoed(reply: Reply) -> dict[str, str]:
    """The reply's headers that every answer to a verified delivery carries: all but the
    ``Content-Type`` of its body, which goes with the body."""
    return {name: value for name, value in reply.headers.items() if name.lower() != "content-type"}


def error_headers(error: WebhookVerificationError) -> dict[str, str]:
    """``Retry-After`` when the error's context says when to retry; no headers otherwise."""
    seconds = error.context.get("retry_after")
    return {} if seconds is None else {"Retry-After": str(seconds)}
