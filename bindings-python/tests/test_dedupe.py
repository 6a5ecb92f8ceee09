"""The deduplication guard's contract, as tests/js/dedupe.test.mjs states it for JavaScript,
for DedupeGuard and AsyncDedupeGuard with the in-memory store (tests only) and stores that
fail: claim before the handler, complete after it, release when it fails; a processed event is
a duplicate, one being processed is EVENT_IN_PROGRESS (503), a store that fails is
DEDUPE_UNAVAILABLE (503) unless the guard fails open. Against a real Redis:
test_dedupe_redis.py."""

from __future__ import annotations

import asyncio
import errno
import itertools
import json
import threading
import time
from collections.abc import Awaitable, Iterator
from typing import Any, Callable, Optional, Union

import pytest

from signhook import (
    AsyncDedupeGuard,
    AsyncRedisStore,
    DedupeGuard,
    DedupeResult,
    Event,
    MemoryStore,
    RedisStore,
    Webhook,
    WebhookVerificationError,
)
from signhook._signhook import DedupeRules, failure

webhook = Webhook("propper", secret="whsec_dedupe")
_ids = itertools.count()


def event(id: Optional[str] = None) -> Event:
    """A verified Propper event with a fresh id."""
    body = json.dumps({"id": id or f"evt_dedupe_{next(_ids)}", "type": "document.signed",
                       "created": "2026-01-01T09:00:00Z", "data": {"document": {"id": "doc_1"}}})
    return webhook.verify(body, webhook.sign(body))


def code_of(call: Callable[[], Any]) -> str:
    try:
        call()
    except WebhookVerificationError as error:
        return f"{error.code} {error.status}"
    return "returned"


class SyncClaim:
    """An AsyncClaim driven from synchronous test code."""

    def __init__(self, claim: Any) -> None:
        self.claim = claim
        self.duplicate = claim.duplicate

    def complete(self) -> None:
        asyncio.run(self.claim.complete())

    def release(self) -> None:
        asyncio.run(self.claim.release())


class SyncGuard:
    """An AsyncDedupeGuard driven from synchronous test code (a loop per call), so that one
    test body checks both guards."""

    def __init__(self, store: Any, **options: Any) -> None:
        self.guard = AsyncDedupeGuard(store, **options)

    def begin(self, event: Event) -> SyncClaim:
        return SyncClaim(asyncio.run(self.guard.begin(event)))

    def run(self, event: Event, handler: Callable[[Event], Any]) -> DedupeResult[Any]:
        return asyncio.run(self.guard.run(event, handler))


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make(kind: str, store: Any, **options: Any) -> Any:
    return DedupeGuard(store, **options) if kind == "sync" else SyncGuard(store, **options)


def test_runs_the_handler_once_a_redelivery_after_it_is_a_duplicate(kind: str) -> None:
    guard = make(kind, MemoryStore())
    e = event()
    runs = []
    assert guard.run(e, lambda _: runs.append(1) or len(runs)) == DedupeResult(False, 1)
    assert guard.run(e, lambda _: runs.append(1) or len(runs)) == DedupeResult(True, None)
    assert len(runs) == 1


def test_a_redelivery_while_the_first_is_processed_is_event_in_progress(kind: str) -> None:
    guard = make(kind, MemoryStore())
    e = event()
    first = guard.begin(e)
    assert first.duplicate is False
    assert code_of(lambda: guard.begin(e)) == "EVENT_IN_PROGRESS 503"
    first.complete()
    assert guard.begin(e).duplicate is True


def test_a_handler_that_fails_releases_the_event_and_the_retry_runs_it(kind: str) -> None:
    guard = make(kind, MemoryStore())
    e = event()

    def fails(_: Event) -> None:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        guard.run(e, fails)
    assert guard.run(e, lambda _: "ok") == DedupeResult(False, "ok")


def test_a_claim_whose_process_died_frees_itself_after_the_lease(kind: str) -> None:
    guard = make(kind, MemoryStore(), lease_ms=50)
    e = event()
    guard.begin(e)  # never completed nor released
    assert code_of(lambda: guard.begin(e)) == "EVENT_IN_PROGRESS 503"
    time.sleep(0.08)
    assert guard.begin(e).duplicate is False


def test_a_release_frees_only_its_own_claim(kind: str) -> None:
    guard = make(kind, MemoryStore(), lease_ms=30)
    e = event()
    stale = guard.begin(e)
    time.sleep(0.05)
    current = guard.begin(e)  # the lease ran out: a retry claims it
    stale.release()  # the first attempt fails late: must not free the retry's claim
    assert code_of(lambda: guard.begin(e)) == "EVENT_IN_PROGRESS 503"
    current.complete()
    assert guard.begin(e).duplicate is True


class Spy:
    """A MemoryStore that records the keys claimed, with plain or coroutine methods."""

    def __init__(self, is_async: bool = False) -> None:
        self.store = MemoryStore()
        self.keys: list[str] = []
        self.calls: list[tuple[Any, ...]] = []
        self.is_async = is_async

    def _do(self, name: str, *args: Any) -> Any:
        self.calls.append((name, *args))
        if name == "claim":
            self.keys.append(args[0])
        result = getattr(self.store, name)(*args)
        if not self.is_async:
            return result

        async def answer() -> Any:
            return result

        return answer()

    def claim(self, key: str, value: str, lease_ms: int) -> Any:
        return self._do("claim", key, value, lease_ms)

    def get(self, key: str) -> Any:
        return self._do("get", key)

    def complete(self, key: str, value: str, retention_ms: int) -> Any:
        return self._do("complete", key, value, retention_ms)

    def release(self, key: str, value: str) -> Any:
        return self._do("release", key, value)


def test_keys_are_namespaced_and_carry_the_provider(kind: str) -> None:
    spy = Spy(is_async=kind == "async")
    make(kind, spy).run(event("evt_key"), lambda _: None)
    make(kind, spy, prefix="app1:").run(event("evt_key"), lambda _: None)
    assert spy.keys == ["signhook:dedupe:propper:evt_key", "app1:propper:evt_key"]


def test_the_store_calls_are_the_cores_rules(kind: str) -> None:
    spy = Spy(is_async=kind == "async")
    guard = make(kind, spy, lease_ms=1_500, retention_ms=120_000)
    e = event("evt_calls")
    guard.run(e, lambda _: None)
    guard.run(e, lambda _: None)
    key = "signhook:dedupe:propper:evt_calls"
    (claim, key1, value, lease), complete, claim2, get = spy.calls
    assert (claim, key1, lease) == ("claim", key, 1_500)
    assert value.startswith("processing:") and len(value) > len("processing:") + 16
    assert complete == ("complete", key, "done", 120_000)
    assert claim2[:2] == ("claim", key) and claim2[2] != value  # a fresh token per delivery
    assert get == ("get", key)


def test_a_failed_handler_releases_with_its_own_claim_value(kind: str) -> None:
    spy = Spy(is_async=kind == "async")

    def fails(_: Event) -> None:
        raise KeyError("x")

    with pytest.raises(KeyError):
        make(kind, spy).run(event("evt_rel"), fails)
    (_, key, value, _), release = spy.calls
    assert release == ("release", key, value)


def refused() -> OSError:
    return ConnectionRefusedError(errno.ECONNREFUSED, "connect 127.0.0.1:6379 password=hunter2")


class Failing:
    """A store whose claim fails as ``error()`` says; plain or coroutine methods."""

    def __init__(self, error: Callable[[], BaseException], is_async: bool = False) -> None:
        self.error = error
        self.is_async = is_async

    def claim(self, key: str, value: str, lease_ms: int) -> Any:
        if not self.is_async:
            raise self.error()

        async def fail() -> bool:
            raise self.error()

        return fail()

    def get(self, key: str) -> None:
        return None

    def complete(self, key: str, value: str, retention_ms: int) -> None:
        raise self.error()

    def release(self, key: str, value: str) -> None:
        raise self.error()


def test_a_store_that_fails_is_dedupe_unavailable_and_the_handler_does_not_run(kind: str) -> None:
    failing = Failing(refused, is_async=kind == "async")
    runs = []
    with pytest.raises(WebhookVerificationError) as raised:
        make(kind, failing).run(event(), lambda _: runs.append(1))
    error = raised.value
    assert (error.code, error.status) == ("DEDUPE_UNAVAILABLE", 503)
    assert "claim: ConnectionRefusedError (ECONNREFUSED)" in error.message
    assert "hunter2" not in error.message and "hunter2" not in repr(error), \
        "nothing of the store error but its class name and errno"
    assert error.__cause__ is None and error.__context__ is None, "the store's error is not chained"
    assert runs == []
    # Fail-open is an explicit choice: the handler runs (and the failing complete() is ignored).
    assert make(kind, failing, fail_open=True).run(event(), lambda _: runs.append(1) or len(runs)) \
        == DedupeResult(False, 1)


class ClientError(Exception):
    """As redis-py raises: its own class, the text naming the server, the OSError as context."""


def wrapped() -> BaseException:
    try:
        raise refused()
    except OSError:
        try:
            raise ClientError("Error 111 connecting to redis://:hunter2@127.0.0.1:6379")
        except ClientError as error:
            return error


class Coded(Exception):
    code = "ECONNRESET"


@pytest.mark.parametrize("error, detail", [
    (wrapped, "claim: ClientError (ECONNREFUSED)"),
    (lambda: Coded("password=hunter2"), "claim: Coded (ECONNRESET)"),
    (lambda: RuntimeError("password=hunter2"), "claim: RuntimeError)"),
    (lambda: TimeoutError("password=hunter2"), "claim: TimeoutError)"),
])
def test_the_message_names_the_error_class_and_errno_only(
        kind: str, error: Callable[[], BaseException], detail: str) -> None:
    with pytest.raises(WebhookVerificationError) as raised:
        make(kind, Failing(error, is_async=kind == "async")).begin(event())
    assert raised.value.code == "DEDUPE_UNAVAILABLE"
    assert detail in raised.value.message, raised.value.message
    assert "hunter2" not in raised.value.message


def test_a_store_that_does_not_answer_times_out_as_dedupe_unavailable() -> None:
    answer = threading.Event()

    class Silent(MemoryStore):
        def claim(self, key: str, value: str, lease_ms: int) -> bool:
            answer.wait(10)
            return True

    try:
        started = time.monotonic()
        with pytest.raises(WebhookVerificationError) as raised:
            DedupeGuard(Silent(), timeout=0.03).begin(event())
        assert time.monotonic() - started < 2
        assert raised.value.code == "DEDUPE_UNAVAILABLE"
        assert "no answer to claim within 30 ms" in raised.value.message
    finally:
        answer.set()


def test_an_async_store_that_does_not_answer_times_out_and_is_cancelled() -> None:
    cancelled = []

    class Silent(MemoryStore):
        async def claim(self, key: str, value: str, lease_ms: int) -> bool:  # type: ignore[override]
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancelled.append(key)
                raise
            return True

    async def begin() -> None:
        guard = AsyncDedupeGuard(Silent(), timeout=0.03)
        with pytest.raises(WebhookVerificationError) as raised:
            await guard.begin(event("evt_silent"))
        assert raised.value.code == "DEDUPE_UNAVAILABLE"
        assert "no answer to claim within 30 ms" in raised.value.message
        await asyncio.sleep(0)

    asyncio.run(begin())
    assert cancelled == ["signhook:dedupe:propper:evt_silent"]


def test_hung_store_calls_hold_a_bounded_number_of_threads() -> None:
    answer = threading.Event()
    entered = []

    class Silent(MemoryStore):
        def claim(self, key: str, value: str, lease_ms: int) -> bool:
            entered.append(key)
            answer.wait(10)
            return super().claim(key, value, lease_ms)

    guard = DedupeGuard(Silent(), timeout=0.05)
    codes: list[str] = []

    def deliver() -> None:
        codes.append(code_of(lambda: guard.begin(event())))

    try:
        callers = [threading.Thread(target=deliver) for _ in range(40)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(10)
        assert codes == ["DEDUPE_UNAVAILABLE 503"] * 40
        workers = [t for t in threading.enumerate() if t.name == "signhook-dedupe"]
        assert len(workers) <= 32
        assert len(entered) <= 32, "a call given up on before a thread took it never runs"
    finally:
        answer.set()
    # Once the store answers again, so does the guard.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if code_of(lambda: guard.begin(event())) == "returned":
            break
        time.sleep(0.05)
    assert guard.begin(event()).duplicate is False


def test_without_a_timeout_the_store_is_called_in_the_calling_thread() -> None:
    threads = []

    class Where(MemoryStore):
        def claim(self, key: str, value: str, lease_ms: int) -> bool:
            threads.append(threading.current_thread())
            return super().claim(key, value, lease_ms)

    DedupeGuard(Where(), timeout=None).begin(event())
    DedupeGuard(Where()).begin(event())
    assert threads[0] is threading.current_thread()
    assert threads[1] is not threading.current_thread()


def test_an_async_guard_runs_coroutine_handlers() -> None:
    async def handler(e: Event) -> str:
        await asyncio.sleep(0)
        return e.id

    guard = AsyncDedupeGuard(MemoryStore())
    e = event()

    async def twice() -> tuple[DedupeResult[str], DedupeResult[str]]:
        return await guard.run(e, handler), await guard.run(e, handler)

    assert asyncio.run(twice()) == (DedupeResult(False, e.id), DedupeResult(True, None))


def test_a_store_answering_bytes_is_read_as_text() -> None:
    class Bytes(MemoryStore):
        def get(self, key: str) -> Any:
            value = super().get(key)
            return None if value is None else value.encode()

    guard = DedupeGuard(Bytes())
    e = event()
    guard.run(e, lambda _: None)
    assert guard.begin(e).duplicate is True


def build(guard: Callable[..., Any], *args: Any, **options: Any) -> str:
    try:
        guard(*args, **options)
    except WebhookVerificationError as error:
        return error.code
    return "built"


@pytest.mark.parametrize("guard", [DedupeGuard, AsyncDedupeGuard])
def test_options_are_checked_when_the_guard_is_built(guard: Callable[..., Any]) -> None:
    assert build(guard, MemoryStore()) == "built"
    assert build(guard, MemoryStore(), lease_ms=1_000, retention_ms=2_000.0, prefix="x:",
                 timeout=0.5, fail_open=True) == "built"
    assert build(guard, None) == "INVALID_CONFIG"
    assert build(guard, object()) == "INVALID_CONFIG"
    for bad in [{"lease_ms": 0}, {"lease_ms": 1.5}, {"lease_ms": True}, {"lease_ms": "60000"},
                {"lease_ms": -1}, {"lease_ms": 2**80}, {"lease_ms": float("nan")},
                {"retention_ms": 31 * 86_400_000}, {"retention_ms": False},
                {"prefix": ""}, {"prefix": b"x:"}, {"prefix": "\udcff"},
                {"timeout": 0}, {"timeout": -1}, {"timeout": True}, {"timeout": "2"},
                {"timeout": float("inf")}]:
        assert build(guard, MemoryStore(), **bad) == "INVALID_CONFIG", bad


def test_each_guard_refuses_the_other_kind_of_store() -> None:
    class AsyncStore:
        async def claim(self, key: str, value: str, lease_ms: int) -> bool:
            return True

        async def get(self, key: str) -> None:
            return None

        async def complete(self, key: str, value: str, retention_ms: int) -> None:
            return None

        async def release(self, key: str, value: str) -> None:
            return None

    assert build(DedupeGuard, AsyncStore()) == "INVALID_CONFIG"
    assert build(AsyncDedupeGuard, AsyncStore()) == "built"
    import redis
    import redis.asyncio

    sync_client = redis.Redis(port=1)
    assert build(AsyncDedupeGuard, RedisStore(sync_client)) == "INVALID_CONFIG"
    sync_client.close()

    async def check_async_client() -> None:
        # Made inside a running loop: Python 3.9's asyncio primitives need one.
        async_client = redis.asyncio.Redis(port=1)
        try:
            assert build(DedupeGuard, AsyncRedisStore(async_client)) == "INVALID_CONFIG"
        finally:
            await async_client.aclose()

    asyncio.run(check_async_client())


def test_redis_stores_check_their_client() -> None:
    with pytest.raises(TypeError, match="redis-py client"):
        RedisStore({})
    with pytest.raises(TypeError, match="redis-py client"):
        AsyncRedisStore(object())
    import redis
    import redis.asyncio

    sync_client = redis.Redis(port=1)
    with pytest.raises(TypeError, match="use RedisStore"):
        AsyncRedisStore(sync_client)
    sync_client.close()

    async def check_async_client() -> None:
        # Made inside a running loop: Python 3.9's asyncio primitives need one.
        async_client = redis.asyncio.Redis(port=1)
        try:
            with pytest.raises(TypeError, match="AsyncRedisStore"):
                RedisStore(async_client)
        finally:
            await async_client.aclose()

    asyncio.run(check_async_client())


def test_the_native_rules_are_the_cores() -> None:
    rules = DedupeRules("sajn", 2_000, None, "x:")
    assert (rules.key("1"), rules.lease_ms, rules.retention_ms) == ("x:sajn:1", 2_000, 3_600_000)
    assert rules.claim_value("t0k") == "processing:t0k"
    assert rules.done == "done"
    assert rules.on_existing("done") == "duplicate"
    for value in ["processing:abc", "garbage", None]:
        with pytest.raises(WebhookVerificationError) as raised:
            rules.on_existing(value)
        assert (raised.value.code, raised.value.status) == ("EVENT_IN_PROGRESS", 503)
        assert "retry after 2 s" in raised.value.message
    defaults = {p: DedupeRules(p) for p in ["krebit", "sajn", "propper"]}
    assert {p: (r.lease_ms, r.retention_ms) for p, r in defaults.items()} == {
        "krebit": (60_000, 72 * 3_600_000), "sajn": (60_000, 3_600_000), "propper": (60_000, 24 * 3_600_000)}
    assert DedupeRules("krebit").key("e") == "signhook:dedupe:krebit:e"
    # A retention shorter than the lease is raised to the lease.
    assert DedupeRules("krebit", 10_000, 5_000).retention_ms == 10_000
    for bad in [("nope",), (3,), ("sajn", -5), ("sajn", None, 0), ("sajn", None, None, "")]:
        with pytest.raises(WebhookVerificationError) as raised:
            DedupeRules(*bad)
        assert raised.value.code == "INVALID_CONFIG", bad
    error = failure("dedupe_unavailable", "connection refused")
    assert isinstance(error, WebhookVerificationError)
    assert (error.code, error.status) == ("DEDUPE_UNAVAILABLE", 503)
    assert "connection refused" in error.message


def test_memory_store_says_it_is_for_tests_only() -> None:
    assert MemoryStore.__doc__ is not None and "tests and development only" in MemoryStore.__doc__
