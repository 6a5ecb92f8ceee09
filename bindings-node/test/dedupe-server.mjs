// An Express instance of a webhook app that processes each Propper event once across every
// instance sharing one Redis, for bindings-node/test/dedupe.test.mjs. The handler counts its
// runs in Redis itself (`runs:<id>`), so the count is the truth across processes.
//
// Environment: REDIS_URL, SECRET, LEASE_MS; FAIL_FIRST (event ids starting with it fail their
// first attempt with a 500); HANG (event ids starting with it never get an answer here).
import express from 'express';
import Redis from 'ioredis';
import { DedupeGuard, RedisStore } from 'signhook';
import { webhookMiddleware } from 'signhook/express';

// No offline queue: while Redis is down a command fails at once instead of waiting.
const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', () => {}); // reconnects by itself; the guard answers DEDUPE_UNAVAILABLE meanwhile
const guard = new DedupeGuard({ store: new RedisStore(redis), leaseMs: Number(process.env.LEASE_MS ?? 10_000) });
const { FAIL_FIRST, HANG } = process.env;

const app = express();
app.post('/webhooks/propper', webhookMiddleware({ provider: 'propper', secret: process.env.SECRET, dedupe: guard }), async (req, res) => {
  const { id } = req.webhook;
  const runs = await redis.incr(`runs:${id}`);
  if (HANG && id.startsWith(HANG)) return; // a process that dies while handling
  await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10)); // some work
  if (FAIL_FIRST && id.startsWith(FAIL_FIRST) && runs === 1) return res.status(500).json({ error: 'try again' });
  res.sendStatus(204);
});

await new Promise((resolve) => redis.once('ready', resolve)); // serve once Redis answers
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
