"""examples/flask_app.py, the README's quick start, served and called for real."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import REPO, SAMPLES, post, sample_body, serve

from signhook import Webhook

CURRENT, PREVIOUS = SAMPLES["propper"]["secret"], SAMPLES["propper"]["previous_secret"]


@pytest.fixture(scope="module")
def example(monkeypatch_module: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch_module.setenv("PROPPER_WEBHOOK_SECRET", CURRENT)
    monkeypatch_module.setenv("PROPPER_WEBHOOK_SECRET_PREVIOUS", PREVIOUS)
    path = REPO / "bindings-python" / "examples" / "flask_app.py"
    spec = importlib.util.spec_from_file_location("flask_app", path)
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


def test_the_quick_start_processes_each_event_once(url: str) -> None:
    body = sample_body("propper", 3)
    headers = Webhook("propper", secret=CURRENT).sign(body)
    status, answer = post(url, body, headers)
    assert status == 200 and answer["status"] == "processed"
    assert answer["kind"] == "document.completed"
    # A redelivery of the same event is recognized by its id.
    assert post(url, body, headers) == (200, {"status": "duplicate", "id": answer["id"]})


def test_the_quick_start_accepts_the_previous_secret(url: str) -> None:
    body = sample_body("propper", 1)
    status, answer = post(url, body, Webhook("propper", secret=PREVIOUS).sign(body))
    assert status == 200 and answer["status"] == "processed"


def test_the_quick_start_rejects_a_forgery(url: str) -> None:
    body = sample_body("propper", 4)
    status, answer = post(url, body, Webhook("propper", secret="whsec_forged").sign(body))
    assert (status, answer["error"]) == (401, "SIGNATURE_MISMATCH")


def test_the_readme_shows_the_example_verbatim() -> None:
    example = (REPO / "bindings-python" / "examples" / "flask_app.py").read_text(encoding="utf-8")
    readme = (REPO / "bindings-python" / "README.md").read_text(encoding="utf-8")
    assert f"```python\n{example}```" in readme
