"""The bounded body reader every framework helper shares.

A body is read in chunks and never past ``max_body_bytes + 1`` bytes: after each chunk the
core is asked whether the body is already too large (``Webhook.check_body_len``), which
raises ``PAYLOAD_TOO_LARGE``. A declared ``Content-Length`` is put to the core before
anything is read, so an announced oversize body is refused without reading it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Callable, Optional, Union

from ._signhook import Webhook

__all__ = ["declared_length", "read_bounded", "read_bounded_async", "read_bounded_async_reader"]

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
