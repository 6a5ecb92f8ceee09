// Exactly-once processing against a real Redis (redis-server on 127.0.0.1, started here) shared
// by two Express processes (test/dedupe-server.mjs), as a provider delivers: every event
// several times, shuffled, concurrently, retrying any non-2xx answer until it gets a 2xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { DedupeGuard, RedisStore, Webhook } from 'signhook';
import { startRedis } from '../../tests/redis/server.mjs';
import { start } from './spawn.mjs';
import { assertExactlyOnce, deliverAll } from './provider.mjs';

const SECRET = 'whsec_dedupe_e2e';
const webhook = new Webhook({ provider: 'propper', secret: SECRET });
const serverScript = fileURLToPath(new URL('./dedupe-server.mjs', import.meta.url));

/** A signed Propper delivery of the event `id`. */
function delivery(id) {
  const body = JSON.stringify({ id, type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc' } } });
  return { id, body, headers: { 'Content-Type': 'application/json', ...webhook.sign(body) } };
}

async function post(base, { body, headers }) {
  const res = await fetch(`${base}/webhooks/propper`, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

let redis;
let client;
before(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { lazyConnect: true });
  await client.connect();
});
after(async () => {
  client?.disconnect();
  await redis?.stop();
});

const runsOf = async (ids) => (await client.mget(ids.map((id) => `runs:${id}`))).map(Number);

describe('two Express instances sharing one Redis', () => {
  let servers;
  before(async () => {
    const env = { REDIS_URL: redis.url, SECRET, FAIL_FIRST: 'evt_flaky' };
    servers = await Promise.all([start(serverScript, env), start(serverScript, env)]);
  });
  after(() => Promise.all(servers.map((s) => s.stop())));

  test('1,000 events delivered 3 times each, shuffled, 32 at a time: each handler runs exactly once', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `evt_once_${i}`);
    const answers = await deliverAll({ ids, bases: servers.map((s) => s.base), post: (base, id) => post(base, delivery(id)) });
    assertExactlyOnce(await runsOf(ids), answers, ids.length);
    console.log(`# exactly once: ${JSON.stringify(answers)}`);
  });

  test('a handler that fails the first time runs again on the retry, then the event is done', async () => {
    const d = delivery('evt_flaky_1');
    assert.equal((await post(servers[0].base, d)).status, 500);
    assert.equal((await post(servers[1].base, d)).status, 204);
    assert.deepEqual((await post(servers[0].base, d)).json, { received: 'evt_flaky_1', duplicate: true });
    assert.deepEqual(await runsOf(['evt_flaky_1']), [2]);
  });
});

test('a server killed while handling: after the lease the retry processes the event', async () => {
  const env = { REDIS_URL: redis.url, SECRET, LEASE_MS: '1000' };
  const [dying, other] = await Promise.all([start(serverScript, { ...env, HANG: 'evt_hang' }), start(serverScript, env)]);
  try {
    const d = delivery('evt_hang_1');
    const pending = post(dying.base, d).catch(() => 'connection lost');
    for (let i = 0; i < 100 && (await runsOf(['evt_hang_1']))[0] !== 1; i++) await sleep(10);
    await dying.stop('SIGKILL');
    assert.equal(await pending, 'connection lost');
    const during = await post(other.base, d);
    assert.deepEqual([during.status, during.json.error], [503, 'EVENT_IN_PROGRESS']);
    await sleep(1100);
    assert.equal((await post(other.base, d)).status, 204);
    assert.deepEqual(await runsOf(['evt_hang_1']), [2]);
  } finally {
    await other.stop();
  }
});

test('Redis stopped mid-run: DEDUPE_UNAVAILABLE (503) and no handler runs; after it returns, retries complete', async () => {
  const server = await start(serverScript, { REDIS_URL: redis.url, SECRET });
  try {
    assert.equal((await post(server.base, delivery('evt_outage_0'))).status, 204);
    await redis.kill();
    const d = delivery('evt_outage_1');
    const during = await post(server.base, d);
    assert.deepEqual([during.status, during.json.error], [503, 'DEDUPE_UNAVAILABLE']);
    assert.doesNotMatch(during.json.message, /127\.0\.0\.1|redis:\/\//, 'no store address in the answer');
    await redis.restart();
    let answer;
    for (let i = 0; i < 200; i++) {
      answer = await post(server.base, d);
      if (answer.status !== 503) break;
      await sleep(25);
    }
    assert.equal(answer.status, 204);
    client.disconnect();
    client = new Redis(redis.url, { lazyConnect: true });
    await client.connect();
    assert.deepEqual(await runsOf(['evt_outage_1']), [1], 'it ran once, after Redis returned');
  } finally {
    await server.stop();
  }
});

test('examples/express-dedupe.mjs: two instances, one Redis, a redelivery answered as a duplicate by the other', async () => {
  const example = fileURLToPath(new URL('../examples/express-dedupe.mjs', import.meta.url));
  const env = { REDIS_URL: redis.url, PROPPER_WEBHOOK_SECRET: SECRET, PORT: '0' };
  const [a, b] = await Promise.all([start(example, env), start(example, env)]);
  try {
    const d = delivery('evt_example_1');
    let first;
    for (let i = 0; i < 100; i++) {
      first = await post(a.base, d); // 503 until this instance's Redis connection is up
      if (first.status !== 503) break;
      await sleep(20);
    }
    assert.equal(first.status, 204);
    let again;
    for (let i = 0; i < 100; i++) {
      again = await post(b.base, d);
      if (again.status !== 503) break;
      await sleep(20);
    }
    assert.deepEqual(again, { status: 200, json: { received: 'evt_example_1', duplicate: true } });
    const processed = [...a.output, ...b.output].filter((l) => l.includes('evt_example_1'));
    assert.deepEqual(processed, ['processing document.signed evt_example_1 once']);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('RedisStore over a node-redis client: the same claims, duplicates and releases', async () => {
  const nodeRedis = createClient({ url: redis.url });
  await nodeRedis.connect();
  try {
    const guard = new DedupeGuard({ store: new RedisStore(nodeRedis) });
    const verified = (id) => webhook.verify(delivery(id).body, delivery(id).headers);
    const event = verified('evt_node_redis_1');
    await assert.rejects(guard.run(event, () => { throw new Error('first attempt fails'); }), /first attempt fails/);
    assert.deepEqual(await guard.run(event, () => 'done'), { duplicate: false, result: 'done' });
    assert.deepEqual(await guard.run(event, () => 'again'), { duplicate: true, result: undefined });
    assert.equal(await nodeRedis.get('signhook:dedupe:propper:evt_node_redis_1'), 'done');
    const claim = await guard.begin(verified('evt_node_redis_2'));
    await assert.rejects(guard.begin(verified('evt_node_redis_2')), (err) => err.code === 'EVENT_IN_PROGRESS');
    await claim.release();
    assert.equal(await nodeRedis.get('signhook:dedupe:propper:evt_node_redis_2'), null);
  } finally {
    await nodeRedis.quit();
  }
});
