#!/usr/bin/env python3
"""Generate tests/vectors/dedupe.json: the deduplication guard's rules as vectors.

Run from the repository root:  python3 tests/vectors/generate_dedupe.py

The rules are the core's (core/src/dedupe.rs); the numbers here come from the providers'
published retry schedules (SPEC.md: sajn retries after 1, 5 and 15 minutes; Propper 6 times,
the last about 10.5 hours after the first delivery; Krebit publishes none), so every binding's
suite checks the same keys, durations, outcomes and errors. Only the standard library is used;
output is deterministic.

The cases live under the key "dedupe"; "cases" is empty, so that the loaders of the standard
vectors (which read every tests/vectors/*.json) find no case of another format there. A case:
`provider`, `options` (`lease_ms`, `retention_ms`, `prefix`, as the language's numbers and
text), and `expect`, one of
- `{"rules": {"lease_ms", "retention_ms", "keys": [[id, key], ...]}}`: the rules built;
- `{"existing": [[value or null, outcome], ...]}`: what a claim that found `value` means,
  `"duplicate"` or `{"error": "EVENT_IN_PROGRESS", "retry_after": seconds}`;
- `{"error": "INVALID_CONFIG", "reason": ...}`: the options cannot work.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "dedupe.json")

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
PREFIX = "signhook:dedupe:"
LEASE = MINUTE
# Well past each provider's last retry: sajn's is 21 minutes in, Propper's about 10.5 hours.
RETENTION = {"sajn": HOUR, "propper": DAY, "krebit": 3 * DAY}
MAX_MS = 30 * DAY

cases = []


def case(name, description, provider, options, expect):
    cases.append({"name": name, "description": description, "provider": provider,
                  "options": options, "expect": expect})


def rules(provider, lease=LEASE, retention=None, prefix=PREFIX, ids=("evt_1",)):
    retention = max(RETENTION[provider] if retention is None else retention, lease)
    return {"rules": {"lease_ms": lease, "retention_ms": retention,
                      "keys": [[i, f"{prefix}{provider}:{i}"] for i in ids]}}


for p in ("krebit", "sajn", "propper"):
    case(f"dedupe-defaults-{p}", f"{p}'s defaults: a 60 s lease, a retention past its retries, "
         "keys namespaced with the provider", p, {}, rules(p, ids=("evt_1", "a:b c", "ünïcode")))
case("dedupe-prefix", "A prefix replaces the namespace; the provider stays in the key",
     "sajn", {"prefix": "app1:"}, rules("sajn", prefix="app1:"))
case("dedupe-lease-and-retention", "Both durations set", "propper",
     {"lease_ms": 5_000, "retention_ms": 7_200_000}, rules("propper", 5_000, 7_200_000))
case("dedupe-retention-below-lease", "A retention shorter than the lease counts as the lease",
     "propper", {"lease_ms": 10_000, "retention_ms": 1_000}, rules("propper", 10_000, 1_000))
case("dedupe-longest-durations", "30 days is the longest lease and retention", "krebit",
     {"lease_ms": MAX_MS, "retention_ms": MAX_MS}, rules("krebit", MAX_MS, MAX_MS))

in_progress = lambda seconds: {"error": "EVENT_IN_PROGRESS", "retry_after": seconds}  # noqa: E731
case("dedupe-existing", "A claim that found `done` is a duplicate; a claim in progress, "
     "anything else, or a record gone meanwhile is EVENT_IN_PROGRESS, retry after the lease",
     "propper", {}, {"existing": [["done", "duplicate"], ["processing:abc", in_progress(60)],
                                  ["DONE", in_progress(60)], [None, in_progress(60)]]})
case("dedupe-existing-short-lease", "Retry after is the lease in whole seconds, rounded up",
     "sajn", {"lease_ms": 1_500}, {"existing": [["processing:x", in_progress(2)]]})

bad = lambda reason: {"error": "INVALID_CONFIG", "reason": reason}  # noqa: E731
for name, options, reason in [
    ("lease-zero", {"lease_ms": 0}, "number"),
    ("lease-negative", {"lease_ms": -1}, "number"),
    ("lease-fraction", {"lease_ms": 1.5}, "number"),
    ("lease-over-30-days", {"lease_ms": MAX_MS + 1}, "number"),
    ("retention-zero", {"retention_ms": 0}, "number"),
    ("prefix-empty", {"prefix": ""}, "dedupe"),
]:
    case(f"dedupe-bad-{name}", f"Options that cannot work: {name.replace('-', ' ')}", "propper",
         options, bad(reason))
case("dedupe-bad-provider", "An unknown provider", "nope", {}, bad("unknown_provider"))

doc = {"description": "The deduplication guard's rules: keys, durations, what a claim found, "
                      "and the options that cannot work (see generate_dedupe.py).",
       "provenance": "The providers' retry schedules in SPEC.md; the rules of core/src/dedupe.rs.",
       "cases": [], "dedupe": cases}
with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
    fh.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"dedupe.json      {len(cases):3d} cases")
