"""Exactly-once processing across instances and restarts.

A guard claims each verified event in a store that every instance of the app shares before
the handler runs, marks it done after the handler succeeded, and releases it when the handler
failed, so that the provider's retry runs it again:

    import redis
    from signhook.dedupe import DedupeGuard, RedisStore

    guard = DedupeGuard(RedisStore(redis.Redis.from_url(os.environ["REDIS_URL"])))
    outcome = guard.run(event, handle)      # outcome.duplicate, outcome.result

A redelivery of a processed event is a duplicate (answer 2xx, the handler does not run); one
of an event still being processed raises ``EVENT_IN_PROGRESS`` (503, so the provider retries:
a 2xx would lose the event if the first attempt then fails); a store that fails or does not
answer within ``timeout`` raises ``DEDUPE_UNAVAILABLE`` (503) unless the guard fails open.
The rules (keys, lease, retention per provider, what a found record means, the errors) are
the core's; this module performs the store calls they name.

``AsyncDedupeGuard`` is the same guard for asyncio (FastAPI, Starlette, aiohttp), with
``AsyncRedisStore`` for a ``redis.asyncio.Redis`` client. ``MemoryStore`` is for tests and
development only.
"""

from __future__ import annotations

import errno
import inspect
import math
import os
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import (
    Any,
    Awaitable,
    Callable,
    Deque,
    Dict,
    Generic,
    Optional,
    Protocol,
    Tuple,
    TypeVar,
    Union,
)

from ._errors import WebhookVerificationError
from ._signhook import DedupeRules, Event, failure

__all__ = [
    "AsyncClaim",
    "AsyncDedupeGuard",
    "AsyncDedupeStore",
    "AsyncRedisStore",
    "Claim",
    "DedupeGuard",
    "DedupeResult",
    "DedupeStore",
    "MemoryStore",
    "RedisStore",
]

R = TypeVar("R")

#: Deletes the key only while it holds the caller's claim: a release never frees another's.
RELEASE_SCRIPT = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end"
)

_METHODS = ("claim", "get", "complete", "release")


class DedupeStore(Protocol):
    """Where a ``DedupeGuard`` keeps its records: every instance of the app must share it.
    ``RedisStore`` is one; any object with these four methods is another."""

    def claim(self, key: str, value: str, lease_ms: int) -> bool:
        """Creates ``key`` holding ``value`` for ``lease_ms`` only if it is absent; whether
        it did."""

    def get(self, key: str) -> Union[str, bytes, None]:
        """The value of ``key``, or ``None``."""

    def complete(self, key: str, value: str, retention_ms: int) -> None:
        """Sets ``key`` to ``value`` for ``retention_ms``, whatever it held."""

    def release(self, key: str, value: str) -> None:
        """Deletes ``key`` if it still holds ``value``."""


class AsyncDedupeStore(Protocol):
    """``DedupeStore`` for an ``AsyncDedupeGuard``: the same four methods, as coroutines."""

    async def claim(self, key: str, value: str, lease_ms: int) -> bool: ...
    async def get(self, key: str) -> Union[str, bytes, None]: ...
    async def complete(self, key: str, value: str, retention_ms: int) -> None: ...
    async def release(self, key: str, value: str) -> None: ...


def _text(value: Any) -> Optional[str]:
    """A stored value as text (redis-py answers bytes unless ``decode_responses=True``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _is_async_client(client: Any) -> bool:
    return inspect.iscoroutinefunction(getattr(client, "execute_command", None))


def _check_client(client: Any, store: str, want_async: bool) -> None:
    if not all(callable(getattr(client, m, None)) for m in ("set", "get", "eval")):
        kind = "redis.asyncio.Redis" if want_async else "redis.Redis"
        raise TypeError(f"{store} needs a redis-py client ({kind})")
    if _is_async_client(client) != want_async:
        if want_async:
            raise TypeError("AsyncRedisStore needs a redis.asyncio.Redis client; for redis.Redis use RedisStore")
        raise TypeError("RedisStore needs a redis.Redis client; for redis.asyncio.Redis use AsyncRedisStore")


class RedisStore:
    """A ``DedupeStore`` in Redis, through the redis-py client you already use (``redis.Redis``,
    or a cluster client). Claims are ``SET key value NX PX lease``; a release deletes the key only
    while it still holds the claim (a short Lua script). For ``redis.asyncio.Redis``, see
    ``AsyncRedisStore``."""

    def __init__(self, client: Any) -> None:
        _check_client(client, "RedisStore", want_async=False)
        self.client = client

    def claim(self, key: str, value: str, lease_ms: int) -> bool:
        return bool(self.client.set(key, value, px=lease_ms, nx=True))

    def get(self, key: str) -> Optional[str]:
        return _text(self.client.get(key))

    def complete(self, key: str, value: str, retention_ms: int) -> None:
        self.client.set(key, value, px=retention_ms)

    def release(self, key: str, value: str) -> None:
        self.client.eval(RELEASE_SCRIPT, 1, key, value)


class AsyncRedisStore:
    """``RedisStore`` for an ``AsyncDedupeGuard``, through a ``redis.asyncio.Redis`` client."""

    def __init__(self, client: Any) -> None:
        _check_client(client, "AsyncRedisStore", want_async=True)
        self.client = client

    async def claim(self, key: str, value: str, lease_ms: int) -> bool:
        return bool(await self.client.set(key, value, px=lease_ms, nx=True))

    async def get(self, key: str) -> Optional[str]:
        return _text(await self.client.get(key))

    async def complete(self, key: str, value: str, retention_ms: int) -> None:
        await self.client.set(key, value, px=retention_ms)

    async def release(self, key: str, value: str) -> None:
        await self.client.eval(RELEASE_SCRIPT, 1, key, value)


class MemoryStore:
    """A store in this process's memory, **for tests and development only**: every process
    has its own, and a restart forgets it, so it cannot keep a second instance (or a second
    worker process) from processing an event again. Use ``RedisStore`` (or your own store with
    the same four methods) in production. Thread-safe; its methods never block, so an
    ``AsyncDedupeGuard`` can use it too."""

    def __init__(self) -> None:
        self._records: Dict[str, Tuple[str, float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> Optional[str]:
        record = self._records.get(key)
        if record is not None and record[1] <= time.monotonic():
            del self._records[key]
            return None
        return None if record is None else record[0]

    def claim(self, key: str, value: str, lease_ms: int) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._records[key] = (value, time.monotonic() + lease_ms / 1000)
            return True

    def get(self, key: str) -> Optional[str]:
        with self._lock:
            return self._live(key)

    def complete(self, key: str, value: str, retention_ms: int) -> None:
        with self._lock:
            self._records[key] = (value, time.monotonic() + retention_ms / 1000)

    def release(self, key: str, value: str) -> None:
        with self._lock:
            if self._live(key) == value:
                del self._records[key]


def _token() -> str:
    """A token that tells this claim from every other one."""
    return secrets.token_hex(16)


def _errno_name(error: BaseException) -> Optional[str]:
    """The errno or code that the error or its causes carry, e.g. ``ECONNREFUSED``: never
    their text, which may hold a password (a connection URL) or event data."""
    seen = set()
    current: Optional[BaseException] = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        number = getattr(current, "errno", None)
        if isinstance(number, int) and not isinstance(number, bool):
            return errno.errorcode.get(number, str(number))
        code = getattr(current, "code", None)
        if isinstance(code, str) and re.fullmatch(r"[A-Z][A-Z0-9_]{0,39}", code):
            return code
        current = current.__cause__ or current.__context__
    return None


def _describe(error: BaseException) -> str:
    """The message of a store failure: the exception's class name and errno or code."""
    code = _errno_name(error)
    name = type(error).__name__
    return f"{name} ({code})" if code else name


def _unavailable(what: str, detail: str) -> WebhookVerificationError:
    return failure("dedupe_unavailable", f"{what}: {detail}")


def _config(detail: str) -> WebhookVerificationError:
    return failure("option_type", detail)


class _Call:
    """One store call handed to a worker thread."""

    __slots__ = ("fn", "args", "done", "result", "error")

    def __init__(self, fn: Callable[..., Any], args: Tuple[Any, ...]) -> None:
        self.fn = fn
        self.args = args
        self.done = threading.Event()
        self.result: Any = None
        self.error: Optional[BaseException] = None


class _Workers:
    """Daemon threads that run the store calls of every sync guard, so that a guard can stop
    waiting for a store that does not answer. At most ``LIMIT`` threads: when that many calls
    hang, the next ones wait in line and time out too (the guard fails closed); a call given up
    on before a thread took it never runs."""

    LIMIT = 32

    def __init__(self) -> None:
        self._lock = threading.Condition(threading.Lock())
        self._queue: Deque[_Call] = deque()
        self._threads = 0
        self._idle = 0

    def call(self, fn: Callable[..., Any], args: Tuple[Any, ...], timeout: float) -> Tuple[bool, Any]:
        """``(True, result)``, or ``(False, None)`` when no answer came within ``timeout``.
        Raises what the call raised."""
        job = _Call(fn, args)
        with self._lock:
            self._queue.append(job)
            if self._idle >= len(self._queue):
                self._lock.notify()
            elif self._threads < self.LIMIT:
                self._threads += 1
                threading.Thread(target=self._work, name="signhook-dedupe", daemon=True).start()
        if not job.done.wait(timeout):
            with self._lock:
                try:
                    self._queue.remove(job)  # not taken yet: it never runs
                except ValueError:
                    pass  # a thread has it
            if not job.done.is_set():
                return False, None
        if job.error is not None:
            raise job.error
        return True, job.result

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
                while not self._queue:
                    self._lock.wait()
                self._idle -= 1
                job = self._queue.popleft()
            try:
                job.result = job.fn(*job.args)
            except BaseException as error:  # handed to the caller
                job.error = error
            job.done.set()
            job.fn = job.args = None  # type: ignore[assignment]


_workers = _Workers()


def _after_fork() -> None:
    # A forked child (a pre-forking server) has none of its parent's threads.
    global _workers
    _workers = _Workers()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


@dataclass(frozen=True)
class DedupeResult(Generic[R]):
    """What ``run`` did: ``duplicate`` (the handler did not run) or the handler's ``result``."""

    duplicate: bool
    result: Optional[R] = None


class Claim:
    """What ``DedupeGuard.begin`` found: a duplicate (``duplicate`` is true: answer 2xx, do not
    run the handler), or a claim to settle after the handler: ``complete()`` when it
    succeeded, ``release()`` when it failed. Neither raises: a store failure leaves the claim to
    its lease."""

    def __init__(self, guard: Optional[DedupeGuard], key: str = "", value: str = "",
                 rules: Optional[DedupeRules] = None) -> None:
        self._guard = guard
        self._key = key
        self._value = value
        self._rules = rules

    @property
    def duplicate(self) -> bool:
        return self._guard is None

    def complete(self) -> None:
        """Marks the event done, for the provider's retention."""
        if self._guard is not None and self._rules is not None:
            self._guard._settle("complete", self._guard.store.complete,
                                self._key, self._rules.done, self._rules.retention_ms)

    def release(self) -> None:
        """Frees the event (only while this claim holds it), so that a retry runs the handler."""
        if self._guard is not None:
            self._guard._settle("release", self._guard.store.release, self._key, self._value)

    def __repr__(self) -> str:
        return f"Claim(duplicate={self.duplicate})"


class AsyncClaim:
    """``Claim`` for an ``AsyncDedupeGuard``: ``await claim.complete()``, ``await claim.release()``."""

    def __init__(self, guard: Optional[AsyncDedupeGuard], key: str = "", value: str = "",
                 rules: Optional[DedupeRules] = None) -> None:
        self._guard = guard
        self._key = key
        self._value = value
        self._rules = rules

    @property
    def duplicate(self) -> bool:
        return self._guard is None

    async def complete(self) -> None:
        """Marks the event done, for the provider's retention."""
        if self._guard is not None and self._rules is not None:
            await self._guard._settle("complete", self._guard.store.complete,
                                      self._key, self._rules.done, self._rules.retention_ms)

    async def release(self) -> None:
        """Frees the event (only while this claim holds it), so that a retry runs the handler."""
        if self._guard is not None:
            await self._guard._settle("release", self._guard.store.release, self._key, self._value)

    def __repr__(self) -> str:
        return f"AsyncClaim(duplicate={self.duplicate})"


class _Guard:
    """What both guards share: the options, checked when the guard is built, and the core's
    rules per provider."""

    def __init__(self, store: Any, lease_ms: Optional[int], retention_ms: Optional[int],
                 prefix: Optional[str], timeout: Optional[float], fail_open: bool) -> None:
        for method in _METHODS:
            if not callable(getattr(store, method, None)):
                raise _config(f"dedupe store must have a {method}() method (RedisStore, or your own)")
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout) or timeout <= 0
        ):
            raise _config("timeout must be a number of seconds above 0, or None (no limit)")
        self.store = store
        self.timeout = timeout
        self.fail_open = fail_open is True
        self._options = (lease_ms, retention_ms, prefix)
        self._rules: Dict[str, DedupeRules] = {}
        # Check the options now, not at the first delivery.
        self.rules("krebit")

    def rules(self, provider: str) -> DedupeRules:
        """The core's rules for ``provider``, built once."""
        rules = self._rules.get(provider)
        if rules is None:
            rules = DedupeRules(provider, *self._options)
            self._rules[provider] = rules
        return rules

    def _timed_out(self, what: str) -> WebhookVerificationError:
        return _unavailable(what, f"no answer to {what} within {(self.timeout or 0) * 1000:g} ms")

    def _existing(self, rules: DedupeRules, value: Any) -> None:
        """Returns when a found record is a processed event's; raises ``EVENT_IN_PROGRESS``
        otherwise (the core decides)."""
        rules.on_existing(_text(value))


class DedupeGuard(_Guard):
    """Processes each event exactly once across every instance that shares ``store``.

    ``lease_ms``: how long a claim holds while the handler runs (default 60 s); a claim whose
    process died frees itself after it. ``retention_ms``: how long a processed event is
    remembered (default per provider, well past its retries). ``prefix``: the keys' namespace
    (default ``signhook:dedupe:``). ``timeout``: seconds one store call may take (default 2;
    ``None``: no limit of the guard's, the store call runs in the calling thread).
    ``fail_open``: run the handler when the store fails instead of raising
    ``DEDUPE_UNAVAILABLE``; an event may then be processed twice.

    With a ``timeout``, store calls run on a few shared daemon threads, so that the guard can
    stop waiting for a store that does not answer. Options out of range raise
    ``INVALID_CONFIG`` here, not at the first delivery.
    """

    def __init__(self, store: DedupeStore, *, lease_ms: Optional[int] = None,
                 retention_ms: Optional[int] = None, prefix: Optional[str] = None,
                 timeout: Optional[float] = 2.0, fail_open: bool = False) -> None:
        super().__init__(store, lease_ms, retention_ms, prefix, timeout, fail_open)
        if any(inspect.iscoroutinefunction(getattr(store, m)) for m in _METHODS):
            raise _config("this dedupe store's methods are coroutines: use AsyncDedupeGuard")

    def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> Any:
        # The error is raised outside the except block, so that it carries no context: the
        # store's exception may hold a password, and some error reporters walk the chain.
        failure = None
        try:
            if self.timeout is None:
                return fn(*args)
            answered, result = _workers.call(fn, args, self.timeout)
        except Exception as error:
            failure = _describe(error)
        if failure is not None:
            raise _unavailable(what, failure)
        if not answered:
            raise self._timed_out(what)
        return result

    def _settle(self, what: str, fn: Callable[..., Any], *args: Any) -> None:
        try:
            self._call(what, fn, *args)
        except WebhookVerificationError:
            pass  # the claim's lease ends it anyway

    def begin(self, event: Event) -> Claim:
        """Claims ``event`` before its handler runs. Returns a ``Claim``: ``duplicate`` for an
        event already processed; otherwise call ``complete()`` when the handler succeeded and
        ``release()`` when it failed. Raises ``EVENT_IN_PROGRESS`` (503) while another
        delivery of the event is being processed, and ``DEDUPE_UNAVAILABLE`` (503) when the
        store fails (unless ``fail_open``)."""
        rules = self.rules(event.provider)
        key = rules.key(event.id)
        value = rules.claim_value(_token())
        claim = Claim(self, key, value, rules)
        try:
            if self._call("claim", self.store.claim, key, value, rules.lease_ms):
                return claim
            self._existing(rules, self._call("get", self.store.get, key))
            return Claim(None)
        except WebhookVerificationError as error:
            if self.fail_open and error.code == "DEDUPE_UNAVAILABLE":
                return claim
            raise

    def run(self, event: Event, handler: Callable[[Event], R]) -> DedupeResult[R]:
        """Runs ``handler(event)`` unless the event was processed before. A handler that
        raises releases the claim and the exception propagates, so that the provider's retry
        runs it again."""
        claim = self.begin(event)
        if claim.duplicate:
            return DedupeResult(True)
        try:
            result = handler(event)
        except BaseException:
            claim.release()
            raise
        claim.complete()
        return DedupeResult(False, result)


class AsyncDedupeGuard(_Guard):
    """``DedupeGuard`` for asyncio (FastAPI, Starlette, aiohttp), with the same options. Its
    store's methods are coroutines (``AsyncRedisStore``), or plain methods that never block
    (``MemoryStore``); ``timeout`` bounds each awaited call."""

    def __init__(self, store: Union[AsyncDedupeStore, MemoryStore], *, lease_ms: Optional[int] = None,
                 retention_ms: Optional[int] = None, prefix: Optional[str] = None,
                 timeout: Optional[float] = 2.0, fail_open: bool = False) -> None:
        super().__init__(store, lease_ms, retention_ms, prefix, timeout, fail_open)
        if isinstance(store, RedisStore):
            raise _config("RedisStore blocks the event loop: use AsyncRedisStore with AsyncDedupeGuard")

    async def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> Any:
        import asyncio  # here: importing signhook does not load asyncio

        failure = None  # raised outside the except block, as in DedupeGuard._call
        try:
            result = fn(*args)
            if not inspect.isawaitable(result):
                return result
            if self.timeout is None:
                return await result
            call = asyncio.ensure_future(result)
            done, _ = await asyncio.wait({call}, timeout=self.timeout)
            if done:
                return call.result()
            call.cancel()
        except Exception as error:
            failure = _describe(error)
        if failure is not None:
            raise _unavailable(what, failure)
        raise self._timed_out(what)

    async def _settle(self, what: str, fn: Callable[..., Any], *args: Any) -> None:
        try:
            await self._call(what, fn, *args)
        except WebhookVerificationError:
            pass  # the claim's lease ends it anyway

    async def begin(self, event: Event) -> AsyncClaim:
        """As ``DedupeGuard.begin``."""
        rules = self.rules(event.provider)
        key = rules.key(event.id)
        value = rules.claim_value(_token())
        claim = AsyncClaim(self, key, value, rules)
        try:
            if await self._call("claim", self.store.claim, key, value, rules.lease_ms):
                return claim
            self._existing(rules, await self._call("get", self.store.get, key))
            return AsyncClaim(None)
        except WebhookVerificationError as error:
            if self.fail_open and error.code == "DEDUPE_UNAVAILABLE":
                return claim
            raise

    async def run(self, event: Event,
                  handler: Callable[[Event], Union[Awaitable[R], R]]) -> DedupeResult[R]:
        """As ``DedupeGuard.run``; ``handler`` may be a coroutine function or a plain one."""
        claim = await self.begin(event)
        if claim.duplicate:
            return DedupeResult(True)
        try:
            result: Any = handler(event)
            if inspect.isawaitable(result):
                result = await result
        except BaseException:
            await claim.release()
            raise
        await claim.complete()
        return DedupeResult(False, result)
