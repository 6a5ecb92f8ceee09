"""What every framework helper adds to its answers, as the core decides it.

- After a verified delivery, the reply the provider requires (``Webhook.reply()``): its
  ``always_headers`` are added to the answer (Adobe's echoed client id); when it has a body
  (Dropbox Sign), a 2xx answer becomes 200 with exactly that body and its headers, as any
  other answer counts as a failed delivery. An answer that is not 2xx keeps its status and
  body, so that the provider retries.
- On an error, the error's ``headers`` (``Retry-After`` when it says when to retry).
"""

from __future__ import annotations

from typing import Optional

from ._signhook import Reply, Webhook

__all__ = ["required"]


def required(webhook: Webhook) -> Optional[Reply]:
    """``webhook.reply()``, or ``None`` when the provider requires nothing beyond a 2xx (the
    view's answer is then sent as it is)."""
    reply = webhook.reply()
    return reply if reply.headers or reply.body is not None else None
