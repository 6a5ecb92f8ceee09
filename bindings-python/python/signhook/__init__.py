"""Verify and parse e-signature webhooks (Krebit Sign, sajn, Propper).

    >>> from signhook import Webhook
    >>> webhook = Webhook("propper", secret="whsec_test")
    >>> body = b'{"id":"evt_1","type":"document.completed","data":{}}'
    >>> event = webhook.verify(body, webhook.sign(body))
    >>> event.kind
    'document.completed'

Framework helpers live in ``signhook.flask``, ``signhook.django``, ``signhook.fastapi``,
``signhook.starlette`` and ``signhook.aiohttp``; each imports its framework only when it is
imported itself. ``DedupeGuard`` (``signhook.dedupe``) processes each event exactly once
across the instances of an app.
"""

from ._errors import (
    ConfigurationError,
    DedupeError,
    PayloadError,
    SignatureError,
    WebhookVerificationError,
)
from ._signhook import Document, Event, Reply, Signer, Webhook, __version__
from .dedupe import (
    AsyncDedupeGuard,
    AsyncRedisStore,
    DedupeGuard,
    DedupeResult,
    MemoryStore,
    RedisStore,
)

__all__ = [
    "AsyncDedupeGuard",
    "AsyncRedisStore",
    "ConfigurationError",
    "DedupeError",
    "DedupeGuard",
    "DedupeResult",
    "Document",
    "Event",
    "MemoryStore",
    "PayloadError",
    "RedisStore",
    "Reply",
    "SignatureError",
    "Signer",
    "Webhook",
    "WebhookVerificationError",
    "__version__",
]
