// Exactly-once across languages: two Express instances (test/dedupe-server.mjs) and two Flask
// instances (bindings-python/tests/dedupe_server.py) share one real Redis, so they share the
// core's keys and rules. Run by scripts/test.sh once both packages are built.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { Webhook } from 'signhook';
import { startRedis } from '../../tests/redis/server.mjs';

const SECRET = 'whsec_dedupe_mixed';
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const python = here('../../bindings-python/.venv/bin/python');
const webhook = new Webhook({ provider: 'propper', secret: SECRET });

/** Starts `command`, waits for its `listening <port>` line. */
async function serve(command, env) {
  const child = spawn(command[0], command.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: async () => { child.kill('SIGTERM'); await once(child, 'exit'); } };
}

let redis;
let client;
let instances;
before(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  const env = { REDIS_URL: redis.url, SECRET, FAIL_FIRST: 'evt_mixed_flaky' };
  instances = await Promise.all([
    serve([process.execPath, here('./dedupe-server.mjs')], env),
    serve([process.execPath, here('./dedupe-server.mjs')], env),
    serve([python, here('../../bindings-python/tests/dedupe_server.py')], env),
    serve([python, here('../../bindings-python/tests/dedupe_server.py')], env),
  ]);
});
after(async () => {
  await Promise.all((instances ?? []).map((i) => i.stop()));
  client?.disconnect();
  await redis?.stop();
});

async function post(base, body) {
  const res = await fetch(`${base}/webhooks/propper`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...webhook.sign(body) } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

test('1,000 events delivered 3 times each across two Express and two Flask instances: each handler runs once', async () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `evt_mixed_${i}`);
  const queue = [];
  for (let w = 0; w < ids.length; w += 16) { // shuffled in windows, so deliveries of one event overlap
    const window = ids.slice(w, w + 16).flatMap((id) => [id, id, id]);
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [window[i], window[j]] = [window[j], window[i]];
    }
    queue.push(...window);
  }
  const answers = {};
  let sent = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const body = JSON.stringify({ id, type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc' } } });
      for (;;) {
        const { status, json } = await post(instances[sent++ % 4].base, body);
        const key = `${status} ${json?.error ?? (json?.duplicate ? 'duplicate' : '')}`.trim();
        answers[key] = (answers[key] ?? 0) + 1;
        if (status >= 200 && status < 300) break;
        assert.equal(status, 503, `a non-2xx answer must be retryable: ${key}`);
        await sleep(5);
      }
    }
  }));
  const runs = (await client.mget(ids.map((id) => `runs:${id}`))).map(Number);
  assert.deepEqual([...new Set(runs)], [1], `every handler ran exactly once: ${JSON.stringify(answers)}`);
  assert.equal(answers['204'], 1000, JSON.stringify(answers));
  assert.equal(answers['200 duplicate'], 2000, JSON.stringify(answers));
  assert.deepEqual(Object.keys(answers).filter((k) => !['204', '200 duplicate', '503 EVENT_IN_PROGRESS'].includes(k)), []);
  console.log(`# exactly once across Express and Flask: ${JSON.stringify(answers)}`);
});

test('a handler that fails in Flask runs again when the retry reaches Express, then it is done everywhere', async () => {
  const body = JSON.stringify({ id: 'evt_mixed_flaky_1', type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc' } } });
  assert.equal((await post(instances[2].base, body)).status, 500);
  assert.equal((await post(instances[0].base, body)).status, 204);
  for (const instance of instances) {
    assert.deepEqual((await post(instance.base, body)).json, { received: 'evt_mixed_flaky_1', duplicate: true });
  }
  assert.equal(Number(await client.get('runs:evt_mixed_flaky_1')), 2);
});
