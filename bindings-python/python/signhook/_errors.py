"""signhook's error class, and one subclass per family of errors.

Every error is a ``WebhookVerificationError``; ``except`` a family to catch less:
``SignatureError`` (the request is not proven to come from the provider, 401),
``PayloadError`` (the body cannot be used: not an event, too large, already parsed),
``ConfigurationError`` (``INVALID_CONFIG``) and ``DedupeError`` (the deduplication guard could
not decide, 503). The family of each code is the core's (``_signhook.error_family``); an
error built from Python with the base class gets its family's class too.
"""

from __future__ import annotations

from typing import Any, Optional


class WebhookVerificationError(ValueError):
    """A webhook was rejected, or a verifier could not be configured.

    ``code`` is stable across languages (``SIGNATURE_MISMATCH``, ``PAYLOAD_TOO_LARGE``, ...);
    ``status`` is the HTTP status a framework helper answers with; ``context`` holds the facts
    behind the error where it has them (``header``, ``limit`` and ``actual``, ``tolerance``,
    ``occurred_at`` and ``now``, ``retry_after``); ``headers`` are the headers the answer carries
    (``Retry-After`` when the error says when to retry); ``str(error)`` tells people what to do.
    No message ever contains a secret.
    """

    code: str
    status: int
    context: dict[str, Any]
    headers: dict[str, str]

    def __new__(
        cls,
        message: str,
        code: str,
        status: int,
        context: Optional[dict[str, Any]] = None,
        headers: Optional[dict[str, str]] = None,
    ) -> WebhookVerificationError:
        if cls is WebhookVerificationError:
            from ._signhook import error_family

            cls = _FAMILIES.get(error_family(code) or "", cls)
        return super().__new__(cls, message)

    def __init__(
        self,
        message: str,
        code: str,
        status: int,
        context: Optional[dict[str, Any]] = None,
        headers: Optional[dict[str, str]] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.context = dict(context or {})
        self.headers = dict(headers or {})

    @property
    def message(self) -> str:
        """The explanation, for people."""
        return str(self.args[0]) if self.args else ""

    def to_dict(self) -> dict[str, str]:
        """The JSON body the framework helpers answer with: ``{"error", "message"}``."""
        return {"error": self.code, "message": self.message}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, status={self.status}, "
            f"message={self.message!r}, context={self.context!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.status, self.context, self.headers))


class SignatureError(WebhookVerificationError):
    """The request is not proven to come from the provider (401): ``MISSING_SIGNATURE``,
    ``MALFORMED_SIGNATURE``, ``SIGNATURE_MISMATCH``, ``CLIENT_ID_MISMATCH``,
    ``TIMESTAMP_OUT_OF_RANGE``."""


class PayloadError(WebhookVerificationError):
    """The body cannot be used: ``INVALID_PAYLOAD`` (400), ``PAYLOAD_TOO_LARGE`` (413),
    ``BODY_NOT_RAW`` (500)."""


class ConfigurationError(WebhookVerificationError):
    """The configuration cannot work: ``INVALID_CONFIG``."""


class DedupeError(WebhookVerificationError):
    """The deduplication guard could not decide (503, retryable): ``EVENT_IN_PROGRESS``,
    ``DEDUPE_UNAVAILABLE``."""


_FAMILIES: dict[str, type[WebhookVerificationError]] = {
    "signature": SignatureError,
    "payload": PayloadError,
    "config": ConfigurationError,
    "dedupe": DedupeError,
}
