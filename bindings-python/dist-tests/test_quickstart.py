"""The README's Flask quick start, as a user runs it (bindings-python/test-dist.sh).

A fresh virtualenv of $SIGNHOOK_QUICKSTART_PYTHON gets `pip install <the manylinux x86_64 wheel>
flask redis`; the Flask section of README.md is saved as flask_app.py and served by `flask --app
flask_app run` on 127.0.0.1 with a port the system picks, its REDIS_URL a real redis-server
(tests/redis_server.py). Requests are signed the way Propper documents it, with Python's own
hmac: `X-Propper-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bindings-python" / "tests"))
from redis_server import redis_server  # noqa: E402  (standard library only)

DIST = Path(os.environ["SIGNHOOK_DIST"])
PYTHON = os.environ.get("SIGNHOOK_QUICKSTART_PYTHON", sys.executable)
FLASK = os.environ.get("SIGNHOOK_QUICKSTART_FLASK", "flask")
REDIS = os.environ.get("SIGNHOOK_QUICKSTART_REDIS", "redis")
SECRET = "whsec_quickstart_current"

EVENT = {
    "id": "evt_01JQUICKSTART",
    "type": "document.completed",
    "created": "2026-01-01T09:07:02Z",
    "data": {
        "document": {"id": "doc_77", "name": "NDA.pdf", "status": "completed",
                     "completedAt": "2026-01-01T09:07:01Z"},
        "downloadUrl": "https://app.propper.example/documents/doc_77/download",
    },
}


def readme_flask_app() -> str:
    """The first Python block of README.md's Flask section, as a user copies it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    heading = re.search(r"^### Flask$", readme, re.M)
    assert heading, "README.md has no '### Flask' section"
    block = re.compile(r"^```python\n(.*?)^```$", re.M | re.S).search(readme, heading.end())
    assert block, "README.md has no python code block after '### Flask'"
    between = readme[heading.end():block.start()]
    assert not re.search(r"^#{1,3} ", between, re.M), "the Flask section has no python code block"
    code = block.group(1)
    assert "Flask(__name__)" in code and "verify_webhook" in code, code
    return code


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
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


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as running:
        yield running.url


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[str]:
    wheels = [w for w in DIST.glob("signhook-*.whl") if "manylinux_2_17_x86_64" in w.name]
    assert len(wheels) == 1, f"expected one manylinux x86_64 wheel in {DIST}: {wheels}"
    home = tmp_path_factory.mktemp("quickstart")
    venv = home / "venv"
    subprocess.run([PYTHON, "-m", "venv", venv], check=True)
    subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "-q",
                    "--disable-pip-version-check", wheels[0], FLASK, REDIS], check=True)
    app = home / "app"
    app.mkdir()
    (app / "flask_app.py").write_text(readme_flask_app(), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FLASK_"))}
    env.update(PROPPER_WEBHOOK_SECRET=SECRET, REDIS_URL=redis_url,
               PATH=f"{venv / 'bin'}:{env.get('PATH', '')}")
    process = subprocess.Popen(
        [venv / "bin" / "flask", "--app", "flask_app", "run", "--host", "127.0.0.1",
         "--port", "0"],
        cwd=app, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reader = None
    try:
        assert process.stdout is not None
        # The development server prints where it listens; port 0 is the one the system gave.
        found: list[str] = []
        output: list[str] = []

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                output.append(line)
                match = re.search(r"Running on (http://127\.0\.0\.1:(\d+))", line)
                if match and not found:
                    found.append(match.group(1))
            # Goes on draining the log until the server ends.

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        for _ in range(300):
            if found or process.poll() is not None:
                break
            threading.Event().wait(0.1)
        assert found, f"the server did not start: {''.join(output)}"
        assert not found[0].endswith(":0"), found[0]
        yield found[0] + "/webhooks/propper"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if reader is not None:
            reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_a_signed_delivery_is_processed_once(server: str) -> None:
    body = json.dumps(EVENT).encode()
    headers = {"X-Propper-Signature": sign(body, SECRET)}
    assert post(server, body, headers) == (
        200, {"status": "processed", "id": EVENT["id"], "kind": "document.completed"})
    # The provider redelivers: same id, answered by the guard as a duplicate.
    assert post(server, body, headers) == (200, {"received": EVENT["id"], "duplicate": True})


def test_a_forged_delivery_is_refused(server: str) -> None:
    body = json.dumps({**EVENT, "id": "evt_01JFORGED"}).encode()
    status, answer = post(server, body, {"X-Propper-Signature": sign(body, "whsec_guessed")})
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")


def test_a_tampered_body_is_refused(server: str) -> None:
    body = json.dumps({**EVENT, "id": "evt_01JTAMPERED"}).encode()
    signature = sign(body, SECRET)
    status, answer = post(server, body.replace(b"doc_77", b"doc_78"),
                          {"X-Propper-Signature": signature})
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")
