"""demo/server.py as the cross-runtime demo runs it: a process that prints its port."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLES, post, sample_body

from signhook import Webhook


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_demo_server_answers_and_stops_cleanly(stop: signal.Signals) -> None:
    server = subprocess.Popen(
        [sys.executable, str(REPO / "bindings-python" / "demo" / "server.py")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("listening "), line
        base = f"http://127.0.0.1:{int(line.split()[1])}/webhooks"
        for provider in ["krebit", "sajn", "propper"]:
            sample = SAMPLES[provider]
            body = sample_body(provider)
            current = Webhook(provider, secret=sample["secret"], client_id=sample.get("client_id"))
            status, answer = post(f"{base}/{provider}", body, current.sign(body))
            assert status == 200 and sorted(answer) == ["id", "kind", "type"]
            # The demo server knows only the current secret.
            previous = Webhook(provider, secret=sample["previous_secret"], client_id=sample.get("client_id"))
            status, answer = post(f"{base}/{provider}", body, previous.sign(body))
            assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")
    finally:
        server.send_signal(stop)
        code = server.wait(timeout=15)
        if server.stdout is not None:
            server.stdout.close()
    assert code == 0
