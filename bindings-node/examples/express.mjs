// Receive Propper webhooks in Express with signhook.
//
//   PROPPER_WEBHOOK_SECRET=whsec_... PORT=3000 node examples/express.mjs
import express from 'express';
import { webhookMiddleware } from 'signhook/express';

const app = express();

// No body parser needed on this route: the middleware reads the raw body itself, checks
// the signature and puts the parsed event on req.webhook. Failures are answered for you
// (401, 400 or 413 with { "error": code, "message": ... }).
app.post(
  '/webhooks/propper',
  webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET }),
  (req, res) => {
    const event = req.webhook;
    switch (event.kind) {
      case 'document.signed':
        console.log(`${event.signer?.email} signed ${event.document?.name}`);
        break;
      case 'document.completed':
        console.log(`document ${event.document?.id} is complete: ${event.downloadUrl}`);
        break;
      default:
        console.log(`${event.kind} (${event.type}), id ${event.id}`);
    }
    res.sendStatus(204);
  },
);

// The rest of the app can parse JSON as usual.
app.use(express.json());

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
