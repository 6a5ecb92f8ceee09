// The redis-server helper of the tests that need a real redis: it starts, answers PING, stops
// without leaving a process behind, survives a SIGKILL and restarts on the same port.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import test from 'node:test';
import { ping, startRedis } from './server.mjs';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * The redis-server processes on this machine for PORT: `--port PORT` in their arguments, or
 * `127.0.0.1:PORT` in the title redis gives itself once running.
 */
function processesOnPort(port) {
  const mine = new RegExp(`(--port |127\\.0\\.0\\.1:)${port}(\\s|$)`);
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes('redis-server') && mine.test(cmdline)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

test('starts on a free port of 127.0.0.1, answers PING, and stop leaves no process', async () => {
  const redis = await startRedis();
  try {
    assert.equal(redis.url, `redis://127.0.0.1:${redis.port}`);
    assert.ok(redis.port > 0);
    assert.equal(await ping(redis.port), true);
    const { pid } = redis;
    assert.ok(alive(pid));
    assert.deepEqual(processesOnPort(redis.port), [pid]);

    await redis.stop();
    assert.equal(redis.pid, null);
    assert.equal(alive(pid), false);
    assert.deepEqual(processesOnPort(redis.port), []);
    assert.equal(await ping(redis.port), false);
    await redis.stop(); // stopping twice is harmless
  } finally {
    await redis.stop();
  }
});

test('kill is an outage; restart serves on the same port again', async () => {
  const redis = await startRedis();
  try {
    const first = redis.pid;
    await redis.kill();
    assert.equal(alive(first), false);
    assert.equal(await ping(redis.port), false);

    await redis.restart();
    const second = redis.pid;
    assert.notEqual(second, first);
    assert.equal(await ping(redis.port), true);

    await redis.restart(); // from running: stops it first
    assert.equal(alive(second), false);
    assert.equal(await ping(redis.port), true);
    assert.deepEqual(processesOnPort(redis.port), [redis.pid]);

    await redis.stop();
    await redis.restart(); // after a clean stop
    assert.equal(await ping(redis.port), true);
  } finally {
    await redis.stop();
  }
  assert.deepEqual(processesOnPort(redis.port), []);
});

test('servers started together get their own ports', async () => {
  const servers = await Promise.all([startRedis(), startRedis(), startRedis()]);
  try {
    assert.equal(new Set(servers.map((s) => s.port)).size, 3);
    for (const s of servers) assert.equal(await ping(s.port), true);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  for (const s of servers) assert.equal(await ping(s.port), false);
});
