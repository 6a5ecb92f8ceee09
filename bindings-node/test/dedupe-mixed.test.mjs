// Exactly-once across languages: two Express instances (test/dedupe-server.mjs) and two Flask
// instances (bindings-python/tests/dedupe_server.py) share one real Redis, so they share the
// core's keys and rules. Run by scripts/test.sh once both packages are built.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { Webhook } from 'signhook';
import { startRedis } from '../../tests/redis/server.mjs';
import { assertExactlyOnce, deliverAll } from './provider.mjs';

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

/** A Propper event's body. */
const event = (id) => JSON.stringify({ id, type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc' } } });

async function post(base, body) {
  const res = await fetch(`${base}/webhooks/propper`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...webhook.sign(body) } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

test('1,000 events delivered 3 times each across two Express and two Flask instances: each handler runs once', async () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `evt_mixed_${i}`);
  const answers = await deliverAll({ ids, bases: instances.map((i) => i.base), post: (base, id) => post(base, event(id)) });
  assertExactlyOnce((await client.mget(ids.map((id) => `runs:${id}`))).map(Number), answers, ids.length);
  console.log(`# exactly once across Express and Flask: ${JSON.stringify(answers)}`);
});

test('a handler that fails in Flask runs again when the retry reaches Express, then it is done everywhere', async () => {
  const body = event('evt_mixed_flaky_1');
  assert.equal((await post(instances[2].base, body)).status, 500);
  assert.equal((await post(instances[0].base, body)).status, 204);
  for (const instance of instances) {
    assert.deepEqual((await post(instance.base, body)).json, { received: 'evt_mixed_flaky_1', duplicate: true });
  }
  assert.equal(Number(await client.get('runs:evt_mixed_flaky_1')), 2);
});
