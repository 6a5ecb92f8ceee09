// Receive Propper webhooks in Fastify with signhook (TypeScript, checked with tsc --strict).
//
//   PROPPER_WEBHOOK_SECRET=whsec_... npx tsx examples/fastify.mts   (or compile it with tsc)
import Fastify from 'fastify';
import { fastifyWebhook } from 'signhook/fastify';

const app = Fastify({ logger: true });

// The plugin applies to the scope that registers it: its routes get the raw body (no JSON
// parser in between), verified before the handler runs, and the event on request.webhook.
// The rest of the app keeps Fastify's JSON parser. Failures are answered for you (401, 400
// or 413 with { "error": code, "message": ... }); a missing secret fails at start-up.
app.register(async (webhooks) => {
  await webhooks.register(fastifyWebhook, { provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET });
  webhooks.post('/webhooks/propper', async (request) => {
    const event = request.webhook;
    request.log.info({ id: event.id, kind: event.kind }, 'webhook received');
    return { received: event.id };
  });
});

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
