// Receive sajn webhooks in Express with signhook-wasm (no native module to build).
//
//   SAJN_WEBHOOK_SECRET=... PORT=3000 node examples/express.mjs
import express from 'express';
import { Webhook, WebhookVerificationError } from 'signhook-wasm';

// Build it once, at start-up.
const webhook = new Webhook({ provider: 'sajn', secret: process.env.SAJN_WEBHOOK_SECRET });

const app = express();

// Keep the body raw on the webhook route: the signature is over the bytes as received.
// A body over signhook's limit (1 MiB by default) is refused with 413 here.
app.post('/webhooks/sajn', express.raw({ type: '*/*', limit: webhook.maxBodyBytes }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body, req.headers);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    // 401 for a bad signature, 400 for a payload that is not a sajn event.
    return res.status(err.status).json({ error: err.code, message: err.message });
  }
  if (event.kind === 'document.signed') {
    console.log(`${event.signer?.name} signed ${event.document?.name}`);
  }
  // sajn sends no event id: event.id is derived from the event, stable across retries.
  res.json({ received: event.id });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
