"""The misuse vectors (tests/vectors/misuse.json, the rules of docs/arguments.md), in Python.

Each case is one call with one argument a caller can get wrong; the answer must be the case's:
a WebhookVerificationError code, Python's own TypeError, or an event (the events, for
verify_all). The JavaScript suite (tests/js/misuse.test.mjs) and the core (core/tests/misuse.rs)
run the same file.
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import pytest
from conftest import REPO

from signhook import Webhook, WebhookVerificationError

CASES = [
    case
    for case in json.loads((REPO / "tests" / "vectors" / "misuse.json").read_text(encoding="utf-8"))["misuse"]
    if case.get("only") in (None, "python")
]

# Where the Python binding answers differently from docs/arguments.md today: the case and the
# answer it gives. Each is checked to still give exactly that answer, so that a fix (or another
# change) fails here until its line is removed.
KNOWN: dict[str, dict[str, Any]] = {}


class LookupOnly:
    """A header object that can only be asked for one header at a time, case-insensitively."""

    def __init__(self, pairs: list[list[Any]]) -> None:
        self.pairs = pairs

    def get(self, name: str) -> Any:
        for key, value in self.pairs:
            if key.lower() == name.lower():
                return value
        return None


def value(v: Any) -> Any:
    """A case's value as Python has it (tests/vectors/MISUSE.md lists the tagged values)."""
    if isinstance(v, list):
        return [value(x) for x in v]
    if not isinstance(v, dict):
        return v
    tag = v.get("$")
    if tag is None:
        return {k: value(x) for k, x in v.items()}
    if tag == "nan":
        return math.nan
    if tag == "inf":
        return math.inf
    if tag == "-inf":
        return -math.inf
    if tag == "bytes":
        raw = base64.b64decode(v["base64"])
        container = {None: bytes, "bytearray": bytearray, "memoryview": memoryview}[v.get("as")]
        return container(raw)
    if tag == "json":
        return json.loads(v["text"])
    if tag == "tuple":
        return tuple(value(x) for x in v["items"])
    if tag == "lookup":
        return LookupOnly(value(v["pairs"]))
    raise AssertionError(f"no Python value for {v!r}")


def run(case: dict[str, Any]) -> tuple[dict[str, Any], BaseException | None]:
    try:
        if "constructor_args" in case:
            webhook = Webhook(*value(case["constructor_args"]))
        else:
            options = value(case["options"])
            webhook = Webhook(options.pop("provider"), **options)
        kwargs = {key: value(case[key]) for key in ("now", "url") if key in case}
        if case.get("verify_all"):
            events = webhook.verify_all(value(case["body"]), value(case["headers"]), **kwargs)
            return {"events": [{"id": event.id} for event in events]}, None
        event = webhook.verify(value(case["body"]), value(case["headers"]), **kwargs)
        return {"event": {"id": event.id}}, None
    except WebhookVerificationError as error:
        return {"error": error.code}, error
    except TypeError as error:
        return {"throws": "TypeError"}, error
    except Exception as error:  # noqa: BLE001 - any other exception is an answer to report
        return {"throws": type(error).__name__}, error


def test_the_misuse_vectors_are_all_here() -> None:
    assert len(CASES) >= 150
    assert len({c["name"] for c in CASES}) == len(CASES)
    assert set(KNOWN) <= {c["name"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_misuse(case: dict[str, Any]) -> None:
    outcome, error = run(case)
    if case["name"] in KNOWN:
        assert outcome == KNOWN[case["name"]], (
            f"{case['name']} no longer gives its known answer {KNOWN[case['name']]}; if it now "
            f"gives {case['expect']} as docs/arguments.md says, remove it from KNOWN"
        )
        return
    assert outcome == case["expect"], f"{case['description']} ({error!r})"
    if error is not None:
        shown = [str(error), repr(error), repr(error.args)]
        if isinstance(error, WebhookVerificationError):
            shown.append(error.message)
        for text in case.get("not_echoed", []):
            for s in shown:
                assert text not in s, f"the error repeats {text!r}: {s}"
        option = case.get("message_names_option")
        if option is not None:
            assert option in str(error), f"the message should name {option}: {error}"
        for text in case.get("message_contains", []):
            assert text in str(error), f"the message should name {text!r}: {error}"
