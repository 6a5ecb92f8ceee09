"""signhook against the usual recipe, side by side in one process.

The recipe is what Flask code writes by hand: ``hmac.new(secret, body, hashlib.sha256)
.hexdigest()``, ``hmac.compare_digest`` and ``json.loads``. signhook is timed twice:
``verify`` alone (the normalized event; ``payload`` not touched) and ``verify`` plus reading
``payload`` (the whole body as a dict, like the recipe's ``json.loads``).

    bindings-python/.venv/bin/python bindings-python/bench.py

Prints microseconds per operation (best of several runs) and how many times faster signhook
is than the recipe (>1 is faster).

``--payload`` times only the parse of ``event.payload`` (the first access on a fresh event,
less the ``verify`` that made it) beside ``json.loads`` of the same body, and, where they
are installed, orjson and jiter for reference.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import timeit
from typing import Any, Callable

from signhook import Webhook

SECRET = "whsec_propper_bench"
SIZES = {"1 KB": 1024, "64 KB": 64 * 1024, "1 MB": 1024 * 1024}


def propper_event(size: int) -> bytes:
    """A Propper `document.completed` event, padded to about `size` bytes with audit-trail
    entries (many small objects, as real payloads have)."""
    event: dict[str, Any] = {
        "id": "evt_2Nf8a1Qx",
        "type": "document.completed",
        "created": "2026-01-01T09:42:00Z",
        "data": {
            "document": {
                "id": "doc_7c1e",
                "name": "Master services agreement.pdf",
                "status": "completed",
                "completedAt": "2026-01-01T09:41:58Z",
            },
            "signer": {
                "id": "sig_1",
                "email": "ana@example.com",
                "name": "Ana Lind",
                "signedAt": "2026-01-01T09:41:58Z",
            },
            "downloadUrl": "https://app.propper.example/d/doc_7c1e.pdf",
            "auditTrail": [],
        },
    }
    trail = event["data"]["auditTrail"]
    entry_size = 0
    while True:
        body = json.dumps(event, separators=(",", ":")).encode()
        if len(body) + entry_size > size:
            return body
        i = len(trail)
        trail.append(
            {
                "at": f"2026-01-01T09:{i % 60:02d}:00Z",
                "actor": f"user_{i}@example.com",
                "action": "field.filled",
                "field": f"field_{i}",
                "page": i % 12 + 1,
                "ip": f"192.0.2.{i % 250}",
            }
        )
        entry_size = len(json.dumps(trail[-1], separators=(",", ":"))) + 1


def request_headers(signature: str, length: int) -> dict[str, str]:
    return {
        "Host": "example.com",
        "User-Agent": "Propper-Webhooks/1.0",
        "Content-Type": "application/json",
        "Content-Length": str(length),
        "Accept-Encoding": "gzip",
        "X-Propper-Signature": signature,
        "X-Request-Id": "req_5f2b",
    }


def recipe(secret: bytes, body: bytes, headers: dict[str, str]) -> Any:
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, headers.get("X-Propper-Signature", "")):
        raise ValueError("bad signature")
    return json.loads(body)


def best_us(variants: dict[str, Callable[[], object]], budget: float) -> dict[str, float]:
    """Microseconds per call of each variant: the best of several rounds, the variants taking
    turns within each round so that a busy machine slows them alike."""
    timers = {name: timeit.Timer(fn) for name, fn in variants.items()}
    numbers = {}
    for name, timer in timers.items():
        number, elapsed = timer.autorange()
        numbers[name] = max(1, int(number * budget / 7 / max(elapsed, 1e-9)))
    best = {name: float("inf") for name in variants}
    for _ in range(7):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name] * 1e6)
    return best


def payload_parsers() -> dict[str, Callable[[bytes], object]]:
    """json.loads, and the optional reference parsers that are installed."""
    parsers: dict[str, Callable[[bytes], object]] = {"json.loads": json.loads}
    try:
        import orjson

        parsers["orjson"] = orjson.loads
    except ImportError:
        pass
    try:
        import jiter

        parsers["jiter"] = jiter.from_json
    except ImportError:
        pass
    return parsers


def payload_main(budget: float) -> None:
    webhook = Webhook("propper", secret=SECRET)
    parsers = payload_parsers()
    print(f"{'size':>7} {'event.payload µs':>17}" + "".join(f" {name + ' µs':>14}" for name in parsers))
    for label, size in SIZES.items():
        body = propper_event(size)
        headers = request_headers(webhook.sign(body)["X-Propper-Signature"], len(body))
        assert webhook.verify(body, headers).payload == json.loads(body)
        variants: dict[str, Callable[[], object]] = {
            "verify": lambda: webhook.verify(body, headers),
            "payload": lambda: webhook.verify(body, headers).payload,
        }
        for name, parse in parsers.items():
            variants[name] = lambda parse=parse: parse(body)  # type: ignore[misc]
        us = best_us(variants, budget)
        print(
            f"{label:>7} {us['payload'] - us['verify']:17.1f}"
            + "".join(f" {us[name]:14.1f}" for name in parsers)
            + f"   ({len(body)} bytes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per variant and size")
    parser.add_argument("--payload", action="store_true", help="time the payload parse only")
    args = parser.parse_args()
    if args.payload:
        payload_main(args.budget)
        return

    webhook = Webhook("propper", secret=SECRET)
    secret = SECRET.encode()
    print(f"{'size':>7} {'recipe µs':>11} {'verify µs':>11} {'ratio':>7} {'+payload µs':>12} {'ratio':>7}")
    for label, size in SIZES.items():
        body = propper_event(size)
        headers = request_headers(webhook.sign(body)["X-Propper-Signature"], len(body))
        # Same answer from both before timing anything.
        assert webhook.verify(body, headers).payload == recipe(secret, body, headers)

        us = best_us(
            {
                "recipe": lambda: recipe(secret, body, headers),
                "verify": lambda: webhook.verify(body, headers),
                "payload": lambda: webhook.verify(body, headers).payload,
            },
            args.budget,
        )
        recipe_us, verify_us, payload_us = us["recipe"], us["verify"], us["payload"]
        print(
            f"{label:>7} {recipe_us:11.1f} {verify_us:11.1f} {recipe_us / verify_us:6.1f}x"
            f" {payload_us:12.1f} {recipe_us / payload_us:6.1f}x"
            f"   ({len(body)} bytes)"
        )


if __name__ == "__main__":
    main()
