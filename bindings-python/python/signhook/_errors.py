"""The one error class of signhook."""

from __future__ import annotations

from typing import Any


class WebhookVerificationError(ValueError):
    """A webhook was rejected, or a verifier could not be configured.

    ``code`` is stable across languages (``SIGNATURE_MISMATCH``, ``PAYLOAD_TOO_LARGE``, ...);
    ``status`` is the HTTP status a framework helper answers with; ``str(error)`` tells
    people what to do. No message ever contains a secret.
    """

    code: str
    status: int

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

    @property
    def message(self) -> str:
        """The explanation, for people."""
        return str(self.args[0]) if self.args else ""

    def to_dict(self) -> dict[str, str]:
        """The JSON body the framework helpers answer with: ``{"error", "message"}``."""
        return {"error": self.code, "message": self.message}

    def __repr__(self) -> str:
        return f"WebhookVerificationError(code={self.code!r}, status={self.status}, message={self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.status))
