"""The deduplication vectors (tests/vectors/dedupe.json) through the core's rules as Python
builds them (``signhook._signhook.DedupeRules``, which ``DedupeGuard`` uses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from signhook import ConfigurationError, DedupeError
from signhook._signhook import DedupeRules

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "dedupe.json").read_text("utf-8")
)["dedupe"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_dedupe_vector(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if expect.get("error") == "INVALID_CONFIG":
        with pytest.raises(ConfigurationError) as raised:
            DedupeRules(case["provider"], **case["options"])
        assert raised.value.context == {"reason": expect["reason"]}
        return
    rules = DedupeRules(case["provider"], **case["options"])
    if "rules" in expect:
        assert (rules.lease_ms, rules.retention_ms) == (expect["rules"]["lease_ms"], expect["rules"]["retention_ms"])
        for id_, key in expect["rules"]["keys"]:
            assert rules.key(id_) == key
    for value, outcome in expect.get("existing", []):
        if outcome == "duplicate":
            assert rules.on_existing(value) == "duplicate"
        else:
            with pytest.raises(DedupeError) as raised_:
                rules.on_existing(value)
            assert (raised_.value.code, raised_.value.context) == (outcome["error"], {"retry_after": outcome["retry_after"]})
