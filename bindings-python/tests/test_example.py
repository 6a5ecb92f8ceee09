"""examples/*.py, the README's quick starts: each served as a user runs it and called for
real (`flask --app flask_app run`, `uvicorn fastapi_app:app`, `python django_app.py
runserver`, `uvicorn starlette_app:app`, `python aiohttp_app.py`), each log line checked
where the user sees it. Each deduplicates on one real redis-server (tests/redis_server.py,
emptied before each test): a redelivery is answered 200 {"received", "duplicate": true} and
the view's log line is printed once. The Flask app is also served in this process, for the
secret rotation, and run a second time on the same Redis, as a restart."""

from __future__ import annotations

import importlib.util
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Optional

import pytest
from conftest import REPO, SAMPLES, post, sample_body, serve
from redis_server import redis_server

import redis

from signhook import Webhook

EXAMPLES = REPO / "bindings-python" / "examples"
CURRENT, PREVIOUS = SAMPLES["propper"]["secret"], SAMPLES["propper"]["previous_secret"]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """The URL of the redis-server that every example of this module uses."""
    with redis_server() as server:
        yield server.url


@pytest.fixture(autouse=True)
def empty_redis(redis_url: str) -> None:
    """No event processed yet: the tests deliver the same sample events to several examples."""
    with redis.Redis.from_url(redis_url) as client:
        client.flushall()


@pytest.fixture(scope="module")
def example(monkeypatch_module: pytest.MonkeyPatch, redis_url: str) -> ModuleType:
    monkeypatch_module.setenv("REDIS_URL", redis_url)
    monkeypatch_module.setenv("PROPPER_WEBHOOK_SECRET", CURRENT)
    monkeypatch_module.setenv("PROPPER_WEBHOOK_SECRET_PREVIOUS", PREVIOUS)
    spec = importlib.util.spec_from_file_location("flask_app", EXAMPLES / "flask_app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def url(example: ModuleType) -> Iterator[str]:
    with serve(example.app) as base:
        yield base + "/webhooks/propper"


def test_the_quick_start_processes_each_event_once(url: str, caplog: pytest.LogCaptureFixture) -> None:
    body = sample_body("propper", 3)
    headers = Webhook("propper", secret=CURRENT).sign(body)
    status, answer = post(url, body, headers)
    assert status == 200 and answer["status"] == "processed"
    assert answer["kind"] == "document.completed"
    # A redelivery of the same event is answered by the guard, without the view.
    assert post(url, body, headers) == (200, {"received": answer["id"], "duplicate": True})
    assert [r.getMessage() for r in caplog.records if "completed, download" in r.getMessage()] == [
        "NDA – Acme.pdf completed, download: https://app.propper.example/documents/doc_77/download"
    ]


def test_the_quick_start_accepts_the_previous_secret(url: str) -> None:
    body = sample_body("propper", 1)
    status, answer = post(url, body, Webhook("propper", secret=PREVIOUS).sign(body))
    assert status == 200 and answer["status"] == "processed"


def test_the_quick_start_rejects_a_forgery(url: str) -> None:
    body = sample_body("propper", 4)
    status, answer = post(url, body, Webhook("propper", secret="whsec_forged").sign(body))
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")


# --- each quick start as a user runs it ------------------------------------------------------


@dataclass
class Process:
    """A running example: its URL and what it printed (stdout and stderr, as lines)."""

    url: str
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """The first line printed that contains `text`, waiting for it up to `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.seen:
                if text in line:
                    return line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line with {text!r} in:\n" + "".join(self.seen))
            try:
                self.seen.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                pass

    def count(self, text: str, before: str) -> int:
        """How many lines contain `text` among those printed before the first line that
        contains `before` (waiting for that one): a server prints what a request's view logs
        before the access-log line of any later request."""
        marker = self.wait_for(before)
        return sum(text in line for line in self.seen[: self.seen.index(marker)])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# In the access-log line of a request answered 401, as each server prints it.
REFUSED = '" 401 '


@contextmanager
def run(args: list[str], env: dict[str, str], port: Optional[int] = None,
        announced: Optional[str] = None) -> Iterator[Process]:
    """Runs an example's command in examples/ with `env` added. The server listens on
    `port`, or on the port of the URL that follows `announced` in its output."""
    process = subprocess.Popen(args, cwd=EXAMPLES, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               encoding="utf-8", errors="replace")
    output = Process("")

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.lines.put(line)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        if announced is not None:
            line = output.wait_for(announced, timeout=30)
            port = int(line.split(announced, 1)[1].split()[0].rstrip("/").rsplit(":", 1)[1])
        assert port is not None
        deadline = time.monotonic() + 30
        while True:  # until it accepts connections
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("the example did not start:\n" + "".join(output.seen)) from None
                time.sleep(0.05)
        output.url = f"http://127.0.0.1:{port}"
        yield output
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_the_flask_quick_start_runs_with_flask_run_and_logs_where_seen(redis_url: str) -> None:
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "flask_app", "run", "--port", str(port)]
    env = {"PROPPER_WEBHOOK_SECRET": CURRENT, "REDIS_URL": redis_url}
    propper = Webhook("propper", secret=CURRENT)
    body = sample_body("propper", 3)
    with run(command, env, port=port) as server:
        status, answer = post(f"{server.url}/webhooks/propper", body, propper.sign(body))
        assert (status, answer["status"], answer["kind"]) == (200, "processed", "document.completed")
        duplicate = (200, {"received": answer["id"], "duplicate": True})
        assert post(f"{server.url}/webhooks/propper", body, propper.sign(body)) == duplicate
        server.wait_for("completed, download: https://")
        forged = Webhook("propper", secret="whsec_forged").sign(body)
        status, answer = post(f"{server.url}/webhooks/propper", body, forged)
        assert (status, sorted(answer), answer["error"]) == (401, ["error", "message"], "SIGNATURE_MISMATCH")
        assert server.count("completed, download: https://", before=REFUSED) == 1
    # Restarted, the app still knows the event: Redis keeps it, not the process.
    with run(command, env, port=port) as server:
        assert post(f"{server.url}/webhooks/propper", body, propper.sign(body)) == duplicate
        post(f"{server.url}/webhooks/propper", body, forged)
        assert server.count("completed, download: https://", before=REFUSED) == 0


def test_the_fastapi_quick_start_runs_with_uvicorn_and_logs_where_seen(redis_url: str) -> None:
    sample = SAMPLES["krebit"]
    env = {"KREBIT_WEBHOOK_SECRET": sample["secret"], "KREBIT_CLIENT_ID": sample["client_id"],
           "REDIS_URL": redis_url}
    command = [sys.executable, "-m", "uvicorn", "fastapi_app:app", "--host", "127.0.0.1", "--port", "0"]
    krebit = Webhook("krebit", secret=sample["secret"], client_id=sample["client_id"])
    with run(command, env, announced="Uvicorn running on ") as server:
        url = f"{server.url}/webhooks/krebit"
        body = sample_body("krebit", 1)
        status, answer = post(url, body, krebit.sign(body))
        assert (status, answer["status"], answer["kind"]) == (200, "processed", "document.completed")
        assert post(url, body, krebit.sign(body)) == (200, {"received": answer["id"], "duplicate": True})
        server.wait_for("Lease agreement.pdf completed, download: https://")
        forged = Webhook("krebit", secret="whsec_forged", client_id=sample["client_id"]).sign(body)
        status, answer = post(url, body, forged)
        assert (status, sorted(answer), answer["error"]) == (401, ["error", "message"], "SIGNATURE_MISMATCH")
        assert server.count("Lease agreement.pdf completed, download: https://", before=REFUSED) == 1
        status, answer = post(url, body, {**krebit.sign(body), "X-Client-Id": "client_someone_else"})
        assert (status, answer["error"]) == (401, "CLIENT_ID_MISMATCH")


def test_the_django_quick_start_runs_with_runserver_and_logs_where_seen(redis_url: str) -> None:
    sample = SAMPLES["sajn"]
    port = free_port()
    command = [sys.executable, "django_app.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    sajn = Webhook("sajn", secret=sample["secret"])
    env = {"SAJN_WEBHOOK_SECRET": sample["secret"], "REDIS_URL": redis_url}
    with run(command, env, port=port) as server:
        url = f"{server.url}/webhooks/sajn"
        body = sample_body("sajn", 2)
        status, answer = post(url, body, sajn.sign(body))
        assert (status, answer["status"], answer["kind"]) == (200, "processed", "document.signed")
        assert post(url, body, sajn.sign(body)) == (200, {"received": answer["id"], "duplicate": True})
        server.wait_for("Erik Sjöberg signed Anställningsavtal.pdf")
        # CSRF checks are on in the example: the signature is what lets a request in.
        status, answer = post(url, body, Webhook("sajn", secret="whsec_forged").sign(body))
        assert (status, sorted(answer), answer["error"]) == (401, ["error", "message"], "SIGNATURE_MISMATCH")
        assert server.count("Erik Sjöberg signed Anställningsavtal.pdf", before=REFUSED) == 1
        status, answer = post(url, body, {})
        assert (status, answer["error"]) == (401, "MISSING_SIGNATURE")


def test_the_starlette_quick_start_runs_with_uvicorn_and_logs_where_seen(redis_url: str) -> None:
    sample = SAMPLES["sajn"]
    command = [sys.executable, "-m", "uvicorn", "starlette_app:app", "--host", "127.0.0.1", "--port", "0"]
    sajn = Webhook("sajn", secret=sample["secret"])
    env = {"SAJN_WEBHOOK_SECRET": sample["secret"], "REDIS_URL": redis_url}
    with run(command, env, announced="Uvicorn running on ") as server:
        url = f"{server.url}/webhooks/sajn"
        body = sample_body("sajn", 2)
        status, answer = post(url, body, sajn.sign(body))
        assert (status, answer["status"], answer["kind"]) == (200, "processed", "document.signed")
        assert post(url, body, sajn.sign(body)) == (200, {"received": answer["id"], "duplicate": True})
        server.wait_for("Erik Sjöberg signed Anställningsavtal.pdf")
        status, answer = post(url, body, Webhook("sajn", secret="whsec_forged").sign(body))
        assert (status, sorted(answer), answer["error"]) == (401, ["error", "message"], "SIGNATURE_MISMATCH")
        assert server.count("Erik Sjöberg signed Anställningsavtal.pdf", before=REFUSED) == 1


def test_the_aiohttp_quick_start_runs_and_logs_where_seen(redis_url: str) -> None:
    port = free_port()
    command = [sys.executable, "aiohttp_app.py"]
    env = {"PROPPER_WEBHOOK_SECRET": CURRENT, "PORT": str(port), "REDIS_URL": redis_url}
    with run(command, env, port=port) as server:
        url = f"{server.url}/webhooks/propper"
        body = sample_body("propper", 3)
        propper = Webhook("propper", secret=CURRENT)
        status, answer = post(url, body, propper.sign(body))
        assert (status, answer["status"], answer["kind"]) == (200, "processed", "document.completed")
        assert post(url, body, propper.sign(body)) == (200, {"received": answer["id"], "duplicate": True})
        server.wait_for("completed, download: https://")
        status, answer = post(url, body, Webhook("propper", secret="whsec_forged").sign(body))
        assert (status, sorted(answer), answer["error"]) == (401, ["error", "message"], "SIGNATURE_MISMATCH")
        assert server.count("completed, download: https://", before=REFUSED) == 1


@pytest.mark.parametrize("name", ["flask_app.py", "fastapi_app.py", "django_app.py", "starlette_app.py",
                                  "aiohttp_app.py"])
def test_the_readme_shows_the_example_verbatim(name: str) -> None:
    example = (EXAMPLES / name).read_text(encoding="utf-8")
    readme = (REPO / "bindings-python" / "README.md").read_text(encoding="utf-8")
    assert f"```python\n{example}```" in readme
