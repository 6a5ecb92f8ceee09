// Receive Propper webhooks in Express with signhook (CommonJS).
//
//   PROPPER_WEBHOOK_SECRET=whsec_... PORT=3000 node examples/express.cjs
const express = require('express');
const { webhookMiddleware } = require('signhook/express');

const app = express();

// No body parser needed on this route: the middleware reads the raw body itself, checks
// the signature and puts the parsed event on req.webhook. Failures are answered for you
// (401, 400 or 413 with { "error": code, "message": ... }).
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

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
