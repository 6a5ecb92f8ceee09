"""RedisStore and AsyncRedisStore against a real redis-server on 127.0.0.1 (tests/redis_server.py,
the binary from scripts/redis.sh): the store calls the guard makes (SET NX PX, GET, SET PX, the
release script) with their expiries, two instances sharing one Redis, a release that frees only
its own claim, Redis killed (DEDUPE_UNAVAILABLE, within the guard's timeout, no secret in the
message) and restarted (the same clients work again); then two Flask apps sharing the Redis,
as two instances of one service."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Iterator
from typing import Any, Optional

import pytest
from conftest import serve
from redis_server import RedisServer, redis_server

import redis
import redis.asyncio

from signhook import (
    AsyncDedupeGuard,
    AsyncRedisStore,
    DedupeGuard,
    DedupeResult,
    Event,
    RedisStore,
    Webhook,
    WebhookVerificationError,
)

webhook = Webhook("propper", secret="whsec_dedupe_redis")
_ids = itertools.count()


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    with redis_server() as running:
        yield running


def client(server: RedisServer, **options: Any) -> redis.Redis:
    # Short socket timeouts: a test that breaks the server fails fast instead of hanging.
    return redis.Redis.from_url(server.url, socket_timeout=2, socket_connect_timeout=2, **options)


@pytest.fixture
def sync(server: RedisServer) -> Iterator[redis.Redis]:
    connection = client(server)
    yield connection
    connection.close()


def event(id: Optional[str] = None) -> Event:
    body = json.dumps({"id": id or f"evt_redis_{next(_ids)}", "type": "document.signed",
                       "created": "2026-01-01T09:00:00Z", "data": {"document": {"id": "doc_1"}}})
    return webhook.verify(body, webhook.sign(body))


def key(e: Event) -> str:
    return f"signhook:dedupe:propper:{e.id}"


#: What a guard says when Redis was killed: redis-py's class and the errno it carries, if any
#: (refused; or nothing, for a connection the server closed), or no answer within the timeout
#: (redis-py's own retries wait longer). Never the address, the password or the client's text.
KILLED = re.compile(r"\(claim: (ConnectionError( \(ECONN[A-Z]+\))?|no answer to claim within \d+ ms)\)")


def code_of(call: Any) -> str:
    try:
        call()
    except WebhookVerificationError as error:
        return f"{error.code} {error.status}"
    return "returned"


def test_claim_then_complete_with_the_cores_expiries(sync: redis.Redis) -> None:
    guard = DedupeGuard(RedisStore(sync), lease_ms=5_000, retention_ms=120_000)
    e = event()
    claim = guard.begin(e)
    assert claim.duplicate is False
    value = sync.get(key(e))
    assert value is not None and value.startswith(b"processing:")
    assert 4_000 < sync.pttl(key(e)) <= 5_000
    claim.complete()
    assert sync.get(key(e)) == b"done"
    assert 110_000 < sync.pttl(key(e)) <= 120_000
    assert guard.begin(e).duplicate is True


def test_the_default_retention_is_the_providers(sync: redis.Redis) -> None:
    guard = DedupeGuard(RedisStore(sync))
    e = event()
    guard.run(e, lambda _: None)
    assert 24 * 3_600_000 - 60_000 < sync.pttl(key(e)) <= 24 * 3_600_000


def test_two_instances_share_the_record(server: RedisServer) -> None:
    first, second = client(server), client(server, decode_responses=True)
    try:
        a, b = DedupeGuard(RedisStore(first)), DedupeGuard(RedisStore(second))
        e = event()
        claim = a.begin(e)
        assert code_of(lambda: b.begin(e)) == "EVENT_IN_PROGRESS 503"
        claim.complete()
        assert b.run(e, lambda _: "again") == DedupeResult(True, None)
    finally:
        first.close()
        second.close()


def test_a_failed_handler_releases_and_the_retry_runs(sync: redis.Redis) -> None:
    guard = DedupeGuard(RedisStore(sync))
    e = event()

    def fails(_: Event) -> None:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        guard.run(e, fails)
    assert sync.exists(key(e)) == 0
    assert guard.run(e, lambda _: "ok") == DedupeResult(False, "ok")


def test_a_release_frees_only_its_own_claim(sync: redis.Redis) -> None:
    guard = DedupeGuard(RedisStore(sync), lease_ms=100)
    e = event()
    stale = guard.begin(e)
    time.sleep(0.2)  # Redis expired the claim
    current = guard.begin(e)
    assert current.duplicate is False
    stale.release()  # the first attempt fails late: the script leaves the retry's claim
    assert code_of(lambda: guard.begin(e)) == "EVENT_IN_PROGRESS 503"
    current.release()
    assert sync.exists(key(e)) == 0


def test_redis_killed_is_dedupe_unavailable_and_restarted_works_again(server: RedisServer) -> None:
    connection = client(server, password=None)
    secret = redis.Redis(host="127.0.0.1", port=server.port, password="hunter2", socket_timeout=2,
                         socket_connect_timeout=2)
    try:
        guard = DedupeGuard(RedisStore(connection), timeout=1.0)
        assert guard.begin(event()).duplicate is False  # connected
        server.kill()
        runs = []
        for g in [guard, DedupeGuard(RedisStore(secret), timeout=1.0)]:
            started = time.monotonic()
            with pytest.raises(WebhookVerificationError) as raised:
                g.run(event(), lambda _: runs.append(1))
            assert time.monotonic() - started < 1.5, "within the guard's timeout"
            error = raised.value
            assert (error.code, error.status) == ("DEDUPE_UNAVAILABLE", 503)
            assert KILLED.search(error.message), error.message
            assert "hunter2" not in error.message and str(server.port) not in error.message
        assert runs == []
        # Failing open runs the handler without the store.
        assert DedupeGuard(RedisStore(connection), fail_open=True).run(event(), lambda _: 1) == DedupeResult(False, 1)
        server.restart()
        e = event()
        assert guard.run(e, lambda _: "back") == DedupeResult(False, "back")
        assert guard.run(e, lambda _: "back") == DedupeResult(True, None)
    finally:
        if server.pid is None:
            server.restart()
        connection.close()
        secret.close()


def test_the_async_store_against_redis(server: RedisServer) -> None:
    async def scenario() -> None:
        connection = redis.asyncio.Redis.from_url(server.url, socket_timeout=2, socket_connect_timeout=2)
        other = redis.asyncio.Redis.from_url(server.url, socket_timeout=2, decode_responses=True)
        try:
            a = AsyncDedupeGuard(AsyncRedisStore(connection), lease_ms=5_000)
            b = AsyncDedupeGuard(AsyncRedisStore(other), lease_ms=5_000)
            e = event()
            claim = await a.begin(e)
            assert claim.duplicate is False
            assert 4_000 < await connection.pttl(key(e)) <= 5_000
            with pytest.raises(WebhookVerificationError) as raised:
                await b.begin(e)
            assert raised.value.code == "EVENT_IN_PROGRESS"
            await claim.complete()
            assert await other.get(key(e)) == "done"
            assert await b.run(e, lambda _: "again") == DedupeResult(True, None)

            failed = event()

            async def fails(_: Event) -> None:
                raise RuntimeError("database down")

            with pytest.raises(RuntimeError):
                await a.run(failed, fails)
            assert await connection.exists(key(failed)) == 0

            stale = await AsyncDedupeGuard(AsyncRedisStore(connection), lease_ms=100).begin(failed)
            await asyncio.sleep(0.2)
            current = await a.begin(failed)
            await stale.release()
            assert (await connection.get(key(failed)) or b"").startswith(b"processing:")
            await current.release()

            server.kill()
            with pytest.raises(WebhookVerificationError) as raised:
                await a.begin(event())
            assert raised.value.code == "DEDUPE_UNAVAILABLE"
            assert KILLED.search(raised.value.message), raised.value.message
            server.restart()
            assert (await a.begin(event())).duplicate is False
        finally:
            if server.pid is None:
                server.restart()
            await connection.aclose()
            await other.aclose()

    asyncio.run(scenario())


def flask_app(guard: DedupeGuard, runs: list[str]) -> Any:
    from flask import Flask

    from signhook.flask import verify_webhook

    app = Flask(__name__)

    @verify_webhook(webhook, dedupe=guard)
    def receive(event: Event) -> dict[str, str]:
        runs.append(event.id)
        return {"received": event.id}

    app.add_url_rule("/webhooks", "receive", receive, methods=["POST"])
    return app


def test_two_flask_instances_sharing_redis_process_an_event_once(server: RedisServer) -> None:
    from test_dedupe_frameworks import send

    first, second = client(server), client(server)
    runs: list[str] = []
    try:
        with serve(flask_app(DedupeGuard(RedisStore(first)), runs)) as a, \
                serve(flask_app(DedupeGuard(RedisStore(second)), runs)) as b:
            e = event()
            body = json.dumps({"id": e.id, "type": "document.signed", "created": "2026-01-01T09:00:00Z",
                               "data": {"document": {"id": "doc_1"}}}).encode()
            headers = webhook.sign(body)
            assert send(a + "/webhooks", body, headers) == (200, {"received": e.id})
            assert send(b + "/webhooks", body, headers) == (200, {"received": e.id, "duplicate": True})
            assert runs == [e.id]
            server.kill()
            status, answer = send(b + "/webhooks", body, headers)
            assert (status, answer["error"]) == (503, "DEDUPE_UNAVAILABLE")
            server.restart()  # a restart without persistence forgets the event: it runs again
            assert send(b + "/webhooks", body, headers) == (200, {"received": e.id})
            assert runs == [e.id, e.id]
    finally:
        if server.pid is None:
            server.restart()
        first.close()
        second.close()
