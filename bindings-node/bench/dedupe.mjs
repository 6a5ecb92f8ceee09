// What the deduplication guard costs per event, next to verification, side by side in one
// process: verify alone; verify + guard.run on a real redis-server on 127.0.0.1 (the claim and
// the completion: two round trips); verify + guard.run on the in-memory store; and a bare
// Redis PING for the loopback round trip, and the guard's two commands issued bare. 1 KB Propper events, each id new (the guard's
// common path). `node bench/dedupe.mjs` (after `npm run build`).
import Redis from 'ioredis';
import { DedupeGuard, MemoryStore, RedisStore, Webhook, engine } from 'signhook';
import { startRedis } from '../../tests/redis/server.mjs';

const ROUNDS = 5;
const PER_ROUND = 2000;
const webhook = new Webhook({ provider: 'propper', secret: 'whsec_bench_dedupe' });

let serial = 0;
/** A signed 1 KB delivery with a fresh event id. */
function delivery() {
  const id = `evt_bench_${serial++}`;
  const body = Buffer.from(JSON.stringify({
    id, type: 'document.signed', created: '2026-01-01T00:00:00Z',
    data: { document: { id: 'doc_77', name: 'NDA.pdf', status: 'signed' }, note: 'x'.repeat(800) },
  }));
  return { body, headers: webhook.sign(body) };
}

const redis = await startRedis();
const client = new Redis(redis.url);
const onRedis = new DedupeGuard({ store: new RedisStore(client) });
const inMemory = new DedupeGuard({ store: new MemoryStore() });
const handler = () => {};

const variants = {
  'verify': async ({ body, headers }) => webhook.verify(body, headers),
  'verify + guard (Redis)': async ({ body, headers }) => onRedis.run(webhook.verify(body, headers), handler),
  'verify + guard (in memory)': async ({ body, headers }) => inMemory.run(webhook.verify(body, headers), handler),
  'Redis PING (one round trip)': async () => client.ping(),
  'the guard\'s two SETs, bare (ioredis)': async ({ body }) => {
    const key = `bench:${body.length}:${serial++}`;
    await client.set(key, 'processing:x', 'PX', 60000, 'NX');
    await client.set(key, 'done', 'PX', 3600000);
  },
};

const best = Object.fromEntries(Object.keys(variants).map((name) => [name, Infinity]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(variants)) {
    const inputs = Array.from({ length: PER_ROUND }, delivery);
    const start = process.hrtime.bigint();
    for (const input of inputs) await run(input); // one at a time: the latency of one event
    const perEvent = Number(process.hrtime.bigint() - start) / 1e3 / PER_ROUND;
    best[name] = Math.min(best[name], perEvent);
  }
}
client.disconnect();
await redis.stop();

console.log(`engine: ${engine}; ${PER_ROUND} events per round, best of ${ROUNDS} rounds, one at a time`);
console.log('| per event | µs | vs verify |');
console.log('| --- | ---: | ---: |');
for (const [name, us] of Object.entries(best)) {
  console.log(`| ${name} | ${us.toFixed(1)} | ${(us / best.verify).toFixed(1)}× |`);
}
