// Receive Propper webhooks in Express with signhook (TypeScript, checked with tsc --strict).
//
//   PROPPER_WEBHOOK_SECRET=whsec_... npx tsx examples/express.mts   (or compile it with tsc)
import express from 'express';
import type { AddressInfo } from 'node:net';
import { webhookMiddleware } from 'signhook/express';

const app = express();

// No body parser on this route: the middleware reads the raw body itself, checks the
// signature and puts the parsed event on req.webhook (typed, never undefined after it).
// A missing secret type-checks and fails at start-up with INVALID_CONFIG.
app.post(
  '/webhooks/propper',
  webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET }),
  (req, res) => {
    const event = req.webhook;
    if (event.kind === 'document.signed') {
      console.log(`${event.signer?.email} signed ${event.document?.name}`);
    } else {
      console.log(`${event.kind} (${event.type}), id ${event.id}`);
    }
    res.sendStatus(204);
  },
);

// The rest of the app can parse JSON as usual.
app.use(express.json());

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
