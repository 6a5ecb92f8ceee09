"""The bounded body reader every framework helper shares.

A body is read in chunks and never past ``max_body_bytes + 1`` bytes: after each chunk the
core is asked whether the body is already too large (``Webhook.check_body_len``), which
raises ``PAYLOAD_TOO_LARGE``. A declared ``Content-Length`` is put to the core before
anything is read, so an announced oversize body is refused without reading it.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Awaitable
from typing import Any, Callable, Optional, Union

from ._errors import WebhookVerificationError
from ._signhook import Webhook, failure

__all__ = [
    "declared_length",
    "decoded",
    "read_bounded",
    "read_bounded_async",
    "read_bounded_async_reader",
    "WsgiHeaders",
]

#: How much is asked of the stream at a time.
CHUNK_BYTES = 64 * 1024


def declared_length(value: Union[str, int, None]) -> Optional[int]:
    """A ``Content-Length`` header as a number, or ``None`` when absent or not a number (the
    server's own framing then decides where the body ends)."""
    if isinstance(value, int):
        return value
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


def read_bounded(webhook: Webhook, read: Callable[[int], bytes], declared: Optional[int]) -> bytes:
    """Reads the body with ``read(n)`` (a file-like ``read``: at most ``n`` bytes, ``b""`` at
    the end), never more than ``max_body_bytes + 1`` bytes in all."""
    if declared is not None:
        webhook.check_body_len(declared)
    budget = webhook.max_body_bytes + 1
    chunks = []
    total = 0
    while True:
        # Never asks past the budget; the core's check below raises once the budget is read.
        chunk = read(min(CHUNK_BYTES, budget - total))
        if not chunk:
            break
        total += len(chunk)
        webhook.check_body_len(total)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_bounded_async(
    webhook: Webhook, stream: AsyncIterator[bytes], declared: Optional[int]
) -> bytes:
    """Reads the body from an async stream of chunks (Starlette's ``request.stream()``) and
    stops as soon as it holds more than ``max_body_bytes``; the stream is closed then."""
    if declared is not None:
        webhook.check_body_len(declared)
    chunks = []
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            webhook.check_body_len(total)
            chunks.append(chunk)
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
    return b"".join(chunks)


async def read_bounded_async_reader(
    webhook: Webhook, read: Callable[[int], Awaitable[bytes]], declared: Optional[int]
) -> bytes:
    """``read_bounded`` for an async ``read(n)`` (aiohttp's ``request.content.read``): never
    asks for more than ``max_body_bytes + 1`` bytes in all."""
    if declared is not None:
        webhook.check_body_len(declared)
    budget = webhook.max_body_bytes + 1
    chunks = []
    total = 0
    while True:
        chunk = await read(min(CHUNK_BYTES, budget - total))
        if not chunk:
            break
        total += len(chunk)
        webhook.check_body_len(total)
        chunks.append(chunk)
    return b"".join(chunks)


#: The ``Content-Encoding`` values that are decoded before verifying, as zlib window bits.
_ZLIB_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def decoded(webhook: Webhook, body: bytes, encoding: Optional[str]) -> bytes:
    """The body as the provider signed it. A ``Content-Encoding`` of gzip or deflate is
    decoded, as the Node helpers do, never past ``max_body_bytes + 1`` bytes: more raises
    ``PAYLOAD_TOO_LARGE``; a body that does not decode raises ``INVALID_PAYLOAD`` (400), and so
    does br, which the standard library cannot decode. Any other encoding is verified as it
    is."""
    name = (encoding or "").strip().lower()
    limit = webhook.max_body_bytes
    if name == "br":
        raise failure("unsupported_encoding", name)
    wbits = _ZLIB_WBITS.get(name)
    if wbits is None:
        return body
    decoder = zlib.decompressobj(wbits)
    try:
        out = decoder.decompress(body, limit + 1)
    except zlib.error:
        raise _undecodable(name) from None
    if len(out) > limit:
        webhook.check_body_len(len(out))  # raises PAYLOAD_TOO_LARGE
    if not decoder.eof or decoder.unused_data:
        raise _undecodable(name)
    return out


def _undecodable(encoding: str) -> WebhookVerificationError:
    return failure("undecodable", encoding)


class WsgiHeaders:
    """A WSGI request's headers as the bytes that arrived. WSGI servers hand header values
    over as Latin-1 text, one character per byte; the core reads them as UTF-8 bytes instead,
    as the Node helpers and Workers do, so a non-ASCII client id means the same everywhere."""

    __slots__ = ("_headers",)

    def __init__(self, headers: Any) -> None:
        self._headers = headers

    def get(self, name: str) -> list[bytes]:
        """Every value of `name` (a repeated header's too), as bytes."""
        getlist = getattr(self._headers, "getlist", None)
        values = getlist(name) if getlist is not None else [self._headers.get(name)]
        return [v.encode("latin-1", "replace") for v in values if isinstance(v, str)]
