"""The redis-server helper of the tests that need a real redis: it starts, answers PING, stops
without leaving a process behind, survives a SIGKILL and restarts on the same port."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from redis_server import RedisServer, ping, redis_server


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def processes_on_port(port: int) -> list[int]:
    """The redis-server processes on this machine for PORT: ``--port PORT`` in their arguments,
    or ``127.0.0.1:PORT`` in the title redis gives itself once running."""
    mine = re.compile(rf"(--port |127\.0\.0\.1:){port}(\s|$)")
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                cmdline = file.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        if "redis-server" in cmdline and mine.search(cmdline):
            pids.append(int(entry))
    return pids


def test_starts_answers_ping_and_stop_leaves_no_process() -> None:
    with redis_server() as redis:
        assert redis.url == f"redis://127.0.0.1:{redis.port}"
        assert ping(redis.port)
        pid = redis.pid
        assert pid is not None and alive(pid)
        assert processes_on_port(redis.port) == [pid]

        redis.stop()
        assert redis.pid is None
        assert not alive(pid)
        assert processes_on_port(redis.port) == []
        assert not ping(redis.port)
        redis.stop()  # stopping twice is harmless
    assert processes_on_port(redis.port) == []


def test_kill_is_an_outage_and_restart_uses_the_same_port(redis: RedisServer) -> None:
    first = redis.pid
    assert first is not None
    redis.kill()
    assert not alive(first)
    assert not ping(redis.port)

    redis.restart()
    second = redis.pid
    assert second is not None and second != first
    assert ping(redis.port)

    redis.restart()  # from running: stops it first
    assert not alive(second)
    assert ping(redis.port)
    assert processes_on_port(redis.port) == [redis.pid]

    redis.stop()
    redis.restart()  # after a clean stop
    assert ping(redis.port)


def test_servers_started_together_get_their_own_ports() -> None:
    with redis_server() as a, redis_server() as b, redis_server() as c:
        assert len({a.port, b.port, c.port}) == 3
        assert all(ping(s.port) for s in (a, b, c))
    assert not any(ping(s.port) for s in (a, b, c))
