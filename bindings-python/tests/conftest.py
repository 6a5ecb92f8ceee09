"""Shared helpers: the repository's files, a real HTTP server on 127.0.0.1, a small client."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
