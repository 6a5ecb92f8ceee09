"""Type information for the native module (re-exported by ``signhook``)."""

from collections.abc import Iterable, Sequence
from typing import Any, Literal, Optional, Protocol, Union, final

from typing_extensions import TypeAlias

from ._errors import WebhookVerificationError

__all__ = [
    "__version__",
    "Webhook",
    "Event",
    "Document",
    "Signer",
    "Reply",
    "DedupeRules",
    "failure",
    "error_family",
]

__version__: str

class _HeaderGet(Protocol):
    def get(self, name: str, /) -> Any: ...

_Body: TypeAlias = Union[bytes, bytearray, memoryview, str]
_Name: TypeAlias = Union[str, bytes]
_Value: TypeAlias = Union[str, bytes, Sequence[Union[str, bytes, None]], None]
_Headers: TypeAlias = Union[
    _HeaderGet,
    Iterable[tuple[_Name, _Value]],
    Sequence[Union[_Name, _Value]],
    None,
]
_Secret: TypeAlias = Union[str, bytes, bytearray, memoryview]

@final
class Webhook:
    """A configured verifier for one provider. Build it once and share it between threads."""

    def __new__(
        cls,
        provider: str,
        *,
        secret: Optional[_Secret] = None,
        secrets: Optional[Sequence[_Secret]] = None,
        client_id: Optional[str] = None,
        tolerance: Optional[float] = None,
        max_body_bytes: Optional[float] = None,
        require_authentication: Optional[
            Literal["hmac-body", "hmac-metadata", "shared-secret", "client-id"]
        ] = None,
    ) -> Webhook: ...
    @property
    def provider(self) -> str:
        """The provider id, e.g. ``propper`` or ``docusign``."""
    @property
    def max_body_bytes(self) -> int:
        """The body limit in bytes."""
    @property
    def header_names(self) -> tuple[str, ...]:
        """The request headers ``verify`` reads, in lowercase."""
    def check_body_len(self, length: int) -> None:
        """Raises ``PAYLOAD_TOO_LARGE`` when a body of ``length`` bytes is over the limit, so
        that a reader can stop before it has read the whole body."""
    def verify(
        self,
        body: _Body,
        headers: _Headers,
        now: Optional[float] = None,
        url: Union[str, bytes, None] = None,
    ) -> Event:
        """Verifies a request and returns its event, or raises ``WebhookVerificationError``.

        ``body`` is the raw request body; ``headers`` any mapping of request headers or a
        list of ``(name, value)`` pairs; ``now`` (seconds since the Unix epoch, an ``int`` or
        a ``float`` such as ``time.time()``) defaults to the current time; ``url`` is the
        request URL (or its path and query) for a provider that signs in it (PandaDoc).
        """
    def verify_all(
        self,
        body: _Body,
        headers: _Headers,
        now: Optional[float] = None,
        url: Union[str, bytes, None] = None,
    ) -> list[Event]:
        """Like ``verify``, for a body that may hold several events (PandaDoc sends an
        array): every event, in order; other providers give a list of one."""
    def reply(self) -> Reply:
        """The answer the provider requires once a delivery is verified and handled: Dropbox
        Sign's body ``Hello API Event Received`` (any other answer counts as a failed
        delivery), Adobe's ``X-AdobeSign-ClientId`` echoed; empty (no headers, no body) when
        any 2xx will do. The framework helpers send it."""
    @property
    def has_handshake(self) -> bool:
        """Whether the provider checks a new URL with a ``GET`` before it delivers (Adobe's
        verification of intent): answer that ``GET`` with ``handshake``."""
    def handshake(self, headers: _Headers) -> Optional[Reply]:
        """The answer to the provider's ``GET`` check of a new URL, once its client id
        header is the configured one; raises ``CLIENT_ID_MISMATCH`` (401) otherwise.
        ``None`` for a provider that sends no such check: the ``GET`` is not the provider's.
        ``headers`` as for ``verify``."""
    def sign_query(self, body: _Body) -> Optional[str]:
        """For a provider that signs in the URL (PandaDoc), the query it would add for
        ``body`` (``signature=<hex>``); ``None`` for the others."""
    def sign(self, body: _Body, now: Union[int, float, None] = None) -> dict[str, str]:
        """The headers the provider would send with ``body`` at ``now`` (default: the current
        time), signed with the first secret."""

@final
class Event:
    """A verified webhook, normalized. Immutable."""

    @property
    def provider(self) -> str: ...
    @property
    def id(self) -> str:
        """Idempotency key: the provider's event id, or one derived from the event (sajn)."""
    @property
    def id_source(self) -> str:
        """``provider`` or ``derived``."""
    @property
    def type(self) -> str:
        """The provider's own event type, verbatim."""
    @property
    def kind(self) -> str:
        """The normalized kind, e.g. ``document.completed``, or ``unknown``."""
    @property
    def occurred_at(self) -> Optional[str]: ...
    @property
    def document(self) -> Optional[Document]: ...
    @property
    def signer(self) -> Optional[Signer]: ...
    @property
    def reason(self) -> Optional[str]: ...
    @property
    def download_url(self) -> Optional[str]: ...
    @property
    def organization_id(self) -> Optional[str]: ...
    @property
    def client_id(self) -> Optional[str]: ...
    @property
    def authentication(self) -> Literal["shared-secret", "hmac-metadata", "hmac-body", "client-id"]:
        """How the request was authenticated: ``hmac-body`` (an HMAC over the raw body),
        ``hmac-metadata`` (an HMAC over the event type and time only), ``shared-secret``
        (the provider sent the secret itself) or ``client-id`` (nothing is signed: the
        request names the receiving application); only the first covers the body."""
    @property
    def payload(self) -> dict[str, Any]:
        """The event's JSON as ``json.loads`` reads it: the body, or the part of it that is
        the event (an element of an array of events, the ``json`` field of a form); parsed
        on first access, then kept."""
    def to_dict(self) -> dict[str, Any]:
        """Every field as a new ``dict``, ``document``, ``signer`` and ``payload`` included."""

@final
class Document:
    """The document an event is about. Every field may be ``None``."""

    @property
    def id(self) -> Optional[str]: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def external_id(self) -> Optional[str]: ...
    @property
    def completed_at(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Optional[str]]: ...

@final
class Signer:
    """The signer an event is about. Every field may be ``None``."""

    @property
    def id(self) -> Optional[str]: ...
    @property
    def email(self) -> Optional[str]: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def signed_at(self) -> Optional[str]: ...
    @property
    def signature_type(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Optional[str]]: ...

@final
class Reply:
    """The answer a provider requires to a request it sent. Immutable."""

    @property
    def status(self) -> int:
        """The status to answer with: 200."""
    @property
    def headers(self) -> dict[str, str]:
        """Headers the answer must carry (``Content-Type`` when there is a body), as a new
        ``dict``."""
    @property
    def always_headers(self) -> dict[str, str]:
        """The headers every answer to a verified delivery carries, whatever the view answers:
        all of ``headers`` but the body's ``Content-Type`` (Adobe's echoed client id), as a new
        ``dict``."""
    @property
    def body(self) -> Optional[str]:
        """The exact body the provider expects, when it expects one."""

@final
class DedupeRules:
    """The core's deduplication rules for one provider: keys, claim values, lease and
    retention, and what a record found by a claim means (used by ``signhook.dedupe``)."""

    def __new__(
        cls,
        provider: str,
        lease_ms: Optional[float] = None,
        retention_ms: Optional[float] = None,
        prefix: Optional[str] = None,
    ) -> DedupeRules: ...
    def key(self, id: str) -> str:
        """The store key of the event ``id``: ``<prefix><provider>:<id>``."""
    def claim_value(self, token: str) -> str:
        """The value a claim writes, holding the caller's ``token``."""
    def on_existing(self, value: Optional[str]) -> Literal["duplicate"]:
        """``"duplicate"`` for a completed event's record; raises ``EVENT_IN_PROGRESS`` (503)
        for anything else, ``None`` included."""
    @property
    def done(self) -> str:
        """The value of a completed event's record."""
    @property
    def lease_ms(self) -> int:
        """The claim's lease, in milliseconds."""
    @property
    def retention_ms(self) -> int:
        """How long a completed event is remembered, in milliseconds."""

def failure(
    kind: Literal[
        "body_not_raw", "option_type", "dedupe_unavailable", "undecodable", "unsupported_encoding"
    ],
    detail: str,
) -> WebhookVerificationError:
    """The error of ``kind`` that the package finds itself, worded by the core, not raised:
    ``BODY_NOT_RAW`` (``detail`` says how to get the raw body), ``INVALID_CONFIG`` (an option's
    type), ``DEDUPE_UNAVAILABLE`` (the store failed as ``detail`` says), ``INVALID_PAYLOAD``
    (the body does not decode as the ``Content-Encoding`` ``detail``, or that encoding is not
    decoded here)."""

def error_family(code: str) -> Optional[str]:
    """The core's family of the error code ``code``: ``"signature"``, ``"payload"``,
    ``"config"`` or ``"dedupe"``; ``None`` for a code signhook does not have."""
