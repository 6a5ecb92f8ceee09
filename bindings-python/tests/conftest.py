"""Shared helpers: the repository's files, real HTTP servers on 127.0.0.1 (WSGI, ASGI and
aiohttp, each on a free port in a background thread), small clients and a raw one, and the
requests of providers that do not send a signed JSON body (Dropbox Sign's form, Adobe's
notification)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pytest
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[2]
SAMPLES = json.loads((REPO / "demo" / "samples.json").read_text(encoding="utf-8"))["providers"]

_passed = 0


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # test.sh sets a floor, so that a suite that silently collects too little fails.
    minimum = int(os.environ.get("SIGNHOOK_MIN_TESTS", "0"))
    if exitstatus == 0 and _passed < minimum:
        print(f"\nonly {_passed} tests passed, expected at least {minimum}")
        session.exitstatus = 1


def sample_body(provider: str, index: int = 0) -> bytes:
    """One of demo/samples.json's events, as the provider would send it."""
    return json.dumps(SAMPLES[provider]["events"][index]).encode()


#: The answer Dropbox Sign requires; it counts any other as a failed delivery.
HELLO = b"Hello API Event Received"
#: The boundary of the Dropbox Sign forms built here.
BOUNDARY = "------------------------signhook5d1c0e7a"


def dropbox_event(api_key: str, request_id: str,
                  event_type: str = "signature_request_all_signed") -> dict[str, Any]:
    """A Dropbox Sign callback event, with its ``event_hash`` as Dropbox Sign computes it: the
    hex HMAC-SHA256 of ``event_time + event_type``, keyed with the account's API key."""
    event_time = "1767225300"
    event_hash = hmac.new(api_key.encode(), (event_time + event_type).encode(), hashlib.sha256).hexdigest()
    return {
        "event": {"event_type": event_type, "event_time": event_time, "event_hash": event_hash,
                  "event_metadata": {"reported_for_account_id": "acct_1"}},
        "signature_request": {"signature_request_id": request_id, "title": "Lease",
                              "metadata": {"note": "Grüße"}},
    }


def dropbox_form(event: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    """The event as Dropbox Sign posts it, and its Content-Type: a multipart/form-data form
    whose field ``json`` is the event's JSON."""
    body = (f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="json"\r\n'
            "\r\n"
            f"{json.dumps(event, ensure_ascii=False)}\r\n"
            f"--{BOUNDARY}--\r\n").encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def adobe_body(notification_id: str) -> bytes:
    """An Adobe Acrobat Sign notification (nothing in it is signed)."""
    return json.dumps({"webhookNotificationId": notification_id, "event": "AGREEMENT_WORKFLOW_COMPLETED",
                       "eventDate": "2026-01-01T09:00:00Z",
                       "agreement": {"id": "agr_1", "name": "Lease", "status": "SIGNED"}}).encode()


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serves a WSGI app on 127.0.0.1 (a free port) in a background thread; yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, Any]:
    """POSTs `body` and returns the status and the decoded JSON answer."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def listening_socket() -> socket.socket:
    """A socket bound to a free port on 127.0.0.1, listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@contextmanager
def serve_loop(start: Callable[[socket.socket], Awaitable[Callable[[], Awaitable[None]]]]) -> Iterator[str]:
    """Runs an asyncio server in a background thread with its own event loop: `start(sock)`
    starts serving on the listening socket and returns the coroutine function that stops it.
    Yields the server's URL."""
    sock = listening_socket()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: list[Callable[[], Awaitable[None]]] = []
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            stop.append(loop.run_until_complete(start(sock)))
        except BaseException as error:  # reported to the test below
            failure.append(error)
        ready.set()
        if not failure:
            loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(timeout=30), "the server did not start"
    if failure:
        raise failure[0]
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        asyncio.run_coroutine_threadsafe(stop[0](), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
        sock.close()


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """Serves an ASGI app (Starlette, FastAPI) with uvicorn on 127.0.0.1; yields its URL."""
    import uvicorn

    async def start(sock: socket.socket) -> Callable[[], Awaitable[None]]:
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)
        serving = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started:
            if serving.done():
                serving.result()
                raise AssertionError("uvicorn stopped while starting")
            await asyncio.sleep(0.01)

        async def stop() -> None:
            server.should_exit = True
            await serving

        return stop

    with serve_loop(start) as url:
        yield url


@contextmanager
def serve_aiohttp(app: Any) -> Iterator[str]:
    """Serves an aiohttp application on 127.0.0.1; yields its URL."""
    from aiohttp import web

    async def start(sock: socket.socket) -> Callable[[], Awaitable[None]]:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        return runner.cleanup

    with serve_loop(start) as url:
        yield url


@dataclass
class Exchange:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(method: str, url: str, body: bytes = b"", headers: Optional[Mapping[str, str]] = None) -> Exchange:
    """Sends one request with exactly `headers` (and the Content-Length of `body`, if any)
    and returns the status, the headers and the raw body of the answer, whatever the status."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                     body=body or None, headers=dict(headers or {}))
        response = conn.getresponse()
        return Exchange(response.status, response.headers, response.read())
    finally:
        conn.close()


@dataclass
class Answer:
    status: int
    body: Any
    seconds: float
    sent: int


def exchange(url: str, head: Mapping[str, str], body: bytes = b"",
             chunks: Optional[Iterable[bytes]] = None, timeout: float = 30) -> Answer:
    """POSTs to `url` over a raw socket: the head and `body`, then (on another thread)
    `chunks` with chunked framing, while this thread reads the answer as soon as it comes.
    Nothing is sent that the head does not announce (no Content-Length is added), so a
    declared length can be left unsent. Returns the answer, its decoded JSON body, how long
    it took and how many chunked bytes were sent."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    lines = [f"POST {parts.path or '/'} HTTP/1.1", f"Host: {parts.netloc}",
             *(f"{name}: {value}" for name, value in head.items())]
    started = time.monotonic()
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    sent = 0

    def send() -> None:
        nonlocal sent
        try:
            for chunk in chunks or ():
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed: the rest is not wanted

    sender = threading.Thread(target=send, daemon=True)
    if chunks is not None:
        sender.start()
    try:
        response = http.client.HTTPResponse(sock)
        response.begin()
        answer = json.loads(response.read())
        seconds = time.monotonic() - started
    finally:
        sock.close()
        if chunks is not None:
            sender.join(timeout=timeout)
    return Answer(response.status, answer, seconds, sent)
