// Receive Propper webhooks in an Express app that parses JSON on every route.
//
//   PROPPER_WEBHOOK_SECRET=whsec_... PORT=3000 node examples/express-json.mjs
import express from 'express';
import { captureRawBody, webhookMiddleware } from 'signhook/express';

const app = express();

// express.json() app-wide, keeping the raw bytes on req.rawBody: the webhook middleware
// verifies those. Without captureRawBody the webhook route fails with BODY_NOT_RAW (500).
app.use(express.json({ verify: captureRawBody }));

app.post(
  '/webhooks/propper',
  webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET }),
  (req, res) => {
    console.log(`${req.webhook.kind} for document ${req.webhook.document?.id}`);
    res.sendStatus(204);
  },
);

// Every other route gets the parsed JSON as usual.
app.post('/api/notes', (req, res) => res.status(201).json({ note: req.body.text }));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
