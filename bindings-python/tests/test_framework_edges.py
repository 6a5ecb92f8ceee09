"""The edges where frameworks differ, answered by one rule in every helper (and the same as
the Node helpers answer):

- a gzip or deflate ``Content-Encoding`` is decoded before verifying, never past the limit;
  a body that does not decode is 400 ``INVALID_PAYLOAD``;
- header values are the bytes that arrived, read as UTF-8 (WSGI and Starlette hand them over
  as Latin-1 text), so a non-ASCII client id matches the same everywhere;
- a repeated ``X-Client-Id`` must agree in every value.

Each framework's server runs in its own process (tests/servers.py) on 127.0.0.1, and the
requests are written byte for byte with http.client.
"""

from __future__ import annotations

import gzip
import http.client
import json
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from signhook import Webhook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from servers import CLIENT_ID, SECRET  # noqa: E402

LIMIT = 64 * 1024
FRAMEWORKS = ["flask", "django-wsgi", "django", "fastapi", "starlette", "aiohttp"]
KREBIT = Webhook("krebit", secret=SECRET, client_id=CLIENT_ID)
BODY = json.dumps({"id": "evt_edges", "type": "signing.sent", "timestamp": "2026-01-01T09:00:00Z",
                   "data": {"document": {"id": "doc_1", "name": "Lease.pdf", "status": "sent"}}}).encode()
SIGNATURE = KREBIT.sign(BODY)["X-Signature"]


@pytest.fixture(scope="module", params=FRAMEWORKS)
def port(request: pytest.FixtureRequest) -> Iterator[int]:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "servers.py"), request.param, str(LIMIT), "krebit"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening "), line
        yield int(line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def post(port: int, body: bytes, headers: list[tuple[str, bytes]]) -> tuple[int, Any]:
    """POSTs `body` to /webhooks/krebit with exactly `headers` (values as bytes, repeats kept)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("POST", "/webhooks/krebit")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(body)))
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders(body)
        response = conn.getresponse()
        text = response.read()
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text
    finally:
        conn.close()


def signed(*extra: tuple[str, bytes], client_id: bytes = CLIENT_ID.encode()) -> list[tuple[str, bytes]]:
    return [("X-Signature", SIGNATURE.encode()), ("X-Client-Id", client_id), *extra]


@pytest.mark.parametrize("encoding, encode", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
])
def test_a_compressed_body_is_verified_as_the_provider_signed_it(port: int, encoding: str, encode: Any) -> None:
    status, answer = post(port, encode(BODY), signed(("Content-Encoding", encoding.encode())))
    assert (status, answer) == (200, {"id": "evt_edges"})


def test_a_gzip_bomb_is_413_after_decoding_at_most_the_limit(port: int) -> None:
    bomb = gzip.compress(b" " * (8 << 20))  # 8 MiB of spaces in about 8 KB
    status, answer = post(port, bomb, signed(("Content-Encoding", b"gzip")))
    assert status == 413, answer
    assert answer["error"] == "PAYLOAD_TOO_LARGE"


def test_a_body_that_is_not_the_gzip_it_claims_is_400(port: int) -> None:
    status, answer = post(port, b"this is not gzip", signed(("Content-Encoding", b"gzip")))
    assert status == 400, answer
    if isinstance(answer, dict):  # aiohttp's server refuses it before the helper runs
        assert answer["error"] == "INVALID_PAYLOAD"


def test_a_truncated_gzip_body_is_refused(port: int, request: pytest.FixtureRequest) -> None:
    status, answer = post(port, gzip.compress(BODY)[:-20], signed(("Content-Encoding", b"gzip")))
    if "aiohttp" in request.node.callspec.id:
        # aiohttp's server decodes the body itself and hands over what decoded: not the
        # signed bytes, so the signature fails.
        assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")
    else:
        assert (status, answer["error"]) == (400, "INVALID_PAYLOAD")


def test_a_non_ascii_client_id_is_compared_as_utf8(port: int) -> None:
    assert post(port, BODY, signed())[0] == 200
    # The same text as Latin-1 bytes is another client id.
    status, answer = post(port, BODY, signed(client_id=CLIENT_ID.encode("latin-1")))
    assert (status, answer["error"]) == (401, "CLIENT_ID_MISMATCH")


def test_a_repeated_client_id_must_agree(port: int) -> None:
    same = [("X-Signature", SIGNATURE.encode()), ("X-Client-Id", CLIENT_ID.encode()), ("X-Client-Id", CLIENT_ID.encode())]
    assert post(port, BODY, same)[0] == 200
    other = [("X-Signature", SIGNATURE.encode()), ("X-Client-Id", CLIENT_ID.encode()), ("X-Client-Id", b"someone-else")]
    status, answer = post(port, BODY, other)
    assert (status, answer["error"]) == (401, "CLIENT_ID_MISMATCH")
