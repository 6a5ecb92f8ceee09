"""A real redis-server on 127.0.0.1 for the tests that need one, on a free port, with nothing
saved to disk (standard library only). The binary is SIGNHOOK_REDIS_SERVER if set (it must be,
or exec, redis-server itself: readiness checks the server's process id), else the one
scripts/redis.sh provides (found once per process); failing to get one raises.

    with redis_server() as redis:   # redis.url == f"redis://127.0.0.1:{redis.port}"
        redis.kill()                # SIGKILL: an outage
        redis.restart()             # the same port again
    # stopped (SIGTERM, then waited for) when the block ends

As a fixture: ``@pytest.fixture`` ``def redis(): with redis_server() as server: yield server``.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Optional

REPO = Path(__file__).resolve().parents[2]
READY_SECONDS = 15.0
STOP_SECONDS = 10.0


@functools.lru_cache(maxsize=None)
def redis_server_path() -> str:
    """The redis-server binary's path (runs scripts/redis.sh the first time)."""
    path = os.environ.get("SIGNHOOK_REDIS_SERVER")
    if path:
        return path
    # Its progress goes to stderr, as it comes.
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "redis.sh")], stdout=subprocess.PIPE, text=True, check=False
    )
    path = result.stdout.strip()
    if result.returncode != 0 or not path:
        raise RuntimeError(f"scripts/redis.sh found no redis-server (exit status {result.returncode})")
    return path


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (redis cannot pick one itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _exchange(port: int, request: bytes, complete: re.Pattern[bytes], timeout: float) -> Optional[bytes]:
    """Sends ``request`` and returns the answer once ``complete`` matches it, or None on an
    error, a close or the timeout."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(request)
            answer = b""
            while not complete.search(answer):
                data = sock.recv(65536)
                if not data:
                    return None
                answer += data
            return answer
    except OSError:
        return None


def ping(port: int, timeout: float = 1.0) -> bool:
    """Whether a redis answers PING on 127.0.0.1:port (a raw RESP exchange, no client library)."""
    return _exchange(port, b"PING\r\n", re.compile(rb"\r\n"), timeout) == b"+PONG\r\n"


def _answers_as(port: int, pid: int) -> bool:
    """Whether the redis answering PING on port is process ``pid``, not another test's server that
    took the port between free_port() and our failed bind."""
    done = re.compile(rb"\A(?!\+PONG\r\n).*?\r\n|process_id:\d+\r\n", re.S)
    answer = _exchange(port, b"PING\r\nINFO server\r\n", done, 0.5)
    return answer is not None and answer.startswith(b"+PONG\r\n") and f"process_id:{pid}\r\n".encode() in answer


class RedisServer:
    """A redis-server on 127.0.0.1:port; see the module's documentation."""

    def __init__(self) -> None:
        self.port = 0
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._log: Optional[IO[bytes]] = None
        for _ in range(5):
            if self._launch(free_port()):
                return
        self._close_log()
        raise RuntimeError("redis-server could not bind a free port in 5 attempts")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def pid(self) -> Optional[int]:
        """The server's process id while it runs, else None."""
        if self._process is None or self._process.poll() is not None:
            return None
        return self._process.pid

    def _launch(self, port: int) -> bool:
        """Starts redis-server on ``port`` and waits until it answers PING. False when the port
        was taken (redis could not bind it)."""
        args = [redis_server_path(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", tempfile.gettempdir(), "--daemonize", "no"]
        self._close_log()
        log = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        except OSError as error:
            log.close()
            raise RuntimeError(f"could not run {args[0]}: {error}") from error
        self.port, self._process, self._log = port, process, log
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                output = self._output()
                if re.search(r"Address already in use|bind:", output, re.I):
                    return False
                self._close_log()
                raise RuntimeError(f"redis-server exited ({process.returncode}) before answering PING:\n{output}")
            if _answers_as(port, process.pid):
                return True
            time.sleep(0.025)
        self._end(signal.SIGKILL)
        output = self._output()
        self._close_log()
        raise RuntimeError(f"redis-server did not answer PING on port {port} within {READY_SECONDS} s:\n{output}")

    def _output(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()[-8192:].decode(errors="replace")

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def _end(self, sig: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_SECONDS)

    def stop(self) -> None:
        """Terminates the server (SIGTERM) and waits until it has exited."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Kills the server (SIGKILL), as in an outage, and waits until it has exited."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Starts the server again on the same port (stopping it first if it runs)."""
        self.stop()
        # The port is usually free again at once; retry briefly if the old socket still holds it.
        for _ in range(20):
            if self._launch(self.port):
                return
            time.sleep(0.1)
        self._close_log()
        raise RuntimeError(f"redis-server could not bind port {self.port} again")

    def close(self) -> None:
        """Stops the server and frees what it held."""
        self.stop()
        self._close_log()


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A redis-server on a free port of 127.0.0.1, stopped when the block ends."""
    server = RedisServer()
    try:
        yield server
    finally:
        server.close()
