// Process each Propper event once, however many instances of the app run and however often
// Propper redelivers: a DedupeGuard on the Redis that every instance shares.
//
//   REDIS_URL=redis://127.0.0.1:6379 PROPPER_WEBHOOK_SECRET=whsec_... node examples/express-dedupe.mjs
import express from 'express';
import Redis from 'ioredis';
import { DedupeGuard, RedisStore } from 'signhook';
import { webhookMiddleware } from 'signhook/express';

// No offline queue: while Redis is down the guard answers 503 DEDUPE_UNAVAILABLE at once, and
// Propper delivers again later. Nothing is processed without the guard.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableOfflineQueue: false });
redis.on('error', (err) => console.error(`redis: ${err.message}`));
const dedupe = new DedupeGuard({ store: new RedisStore(redis) });

const app = express();
app.post(
  '/webhooks/propper',
  webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET, dedupe }),
  async (req, res) => {
    // Runs once per event across all instances. A redelivery of a processed event is answered
    // 200 { received, duplicate: true } without coming here; one that arrives while this runs
    // gets a 503, so Propper retries it. Answer 2xx when done: anything else (or a throw)
    // releases the event for Propper's next retry.
    const event = req.webhook;
    console.log(`processing ${event.kind} ${event.id} once`);
    res.sendStatus(204);
  },
);

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
