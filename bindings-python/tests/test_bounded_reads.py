"""Every framework helper stops reading at max_body_bytes + 1, against real servers.

Each server runs in its own process (tests/servers.py): Flask and Django (WSGI) on
werkzeug's server, FastAPI, Starlette and Django (ASGI) on uvicorn, aiohttp on its own. A 100 MiB chunked body must be
refused with 413 while the server's peak resident memory stays within a few MiB of what it
was before, and a declared Content-Length over the limit must be answered at once, without
waiting for the body.

Django differs in two ways that are Django's own: its ASGI handler receives the whole body
(spooled to a temporary file) before any view runs, so a declared oversize length cannot be
answered early there (it is under WSGI); and under WSGI it reads no chunked body at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest
from conftest import Answer
from conftest import exchange as exchange_url

from signhook import Webhook

HERE = Path(__file__).resolve().parent
LIMIT = 64 * 1024
MIB = 1 << 20
# How far the server's peak RSS may rise while it refuses a 100 MiB body.
RSS_MARGIN_KIB = 16 * 1024
# Where each test applies (see the module's docstring for Django).
CHUNKED = ["flask", "fastapi", "starlette", "aiohttp", "django"]
DECLARED = ["flask", "fastapi", "starlette", "aiohttp", "django-wsgi"]
WEBHOOK = Webhook("propper", secret="whsec_bounded", max_body_bytes=LIMIT)


@dataclass
class Server:
    framework: str
    process: subprocess.Popen[str]
    port: int

    def status_kib(self, field: str) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise AssertionError(f"no {field} in /proc/{self.process.pid}/status")


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    process = subprocess.Popen([sys.executable, str(HERE / "servers.py"), request.param, str(LIMIT)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening "), line
        yield Server(request.param, process, int(line.split()[1]))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def exchange(port: int, head: dict[str, str], body: bytes = b"",
             chunks: Optional[Iterable[bytes]] = None, timeout: float = 30) -> Answer:
    return exchange_url(f"http://127.0.0.1:{port}/webhooks/propper", head, body, chunks, timeout)


def signed_body() -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"id": "evt_bounded", "type": "document.signed", "data": {}}).encode()
    return body, WEBHOOK.sign(body)


def megabytes(count: int) -> Iterator[bytes]:
    chunk = b"x" * MIB
    for _ in range(count):
        yield chunk


@pytest.mark.parametrize("server", CHUNKED, indirect=True)
def test_a_signed_chunked_body_under_the_limit_is_accepted(server: Server) -> None:
    body, headers = signed_body()
    pieces = [body[:7], body[7:30], body[30:]]
    answer = exchange(server.port, {**headers, "Transfer-Encoding": "chunked"}, chunks=pieces)
    assert (answer.status, answer.body) == (200, {"id": "evt_bounded"})
    answer = exchange(server.port, {**headers, "Content-Length": str(len(body))}, body)
    assert (answer.status, answer.body) == (200, {"id": "evt_bounded"})


@pytest.mark.parametrize("server", DECLARED, indirect=True)
def test_a_declared_length_over_the_limit_is_413_without_reading(server: Server) -> None:
    _, headers = signed_body()
    # No body is ever sent: a server that waits for it times out instead of answering.
    answer = exchange(server.port, {**headers, "Content-Length": str(100 * MIB)}, timeout=10)
    assert (answer.status, answer.body["error"]) == (413, "PAYLOAD_TOO_LARGE")
    assert answer.seconds < 5


@pytest.mark.parametrize("server", CHUNKED, indirect=True)
def test_a_100_mib_chunked_body_is_refused_in_bounded_memory(server: Server) -> None:
    if not Path(f"/proc/{server.process.pid}/status").exists():
        pytest.skip("peak RSS is read from /proc")
    body, headers = signed_body()
    assert exchange(server.port, {**headers, "Content-Length": str(len(body))}, body).status == 200
    idle_peak = server.status_kib("VmHWM")
    answer = exchange(server.port, {**headers, "Transfer-Encoding": "chunked"},
                      chunks=megabytes(100))
    peak = server.status_kib("VmHWM")
    print(f"\n{server.framework}: peak RSS {idle_peak} KiB idle, {peak} KiB after refusing "
          f"100 MiB (+{peak - idle_peak} KiB; {answer.sent >> 20} MiB sent, {answer.seconds:.2f} s)")
    assert (answer.status, answer.body["error"]) == (413, "PAYLOAD_TOO_LARGE")
    assert peak - idle_peak < RSS_MARGIN_KIB
