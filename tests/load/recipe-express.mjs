// The providers' hand-written recipe, served the way their docs show, for comparison:
// express.raw(), createHmac(...).digest('hex'), a length check, timingSafeEqual, JSON.parse.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Express comes from the Node package's dev dependencies.
const express = createRequire(new URL('../../bindings-node/package.json', import.meta.url))('express');

const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8'));
const secret = samples.providers.propper.secret;
const app = express();
app.post('/webhooks/propper', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
  const expected = Buffer.from(`sha256=${crypto.createHmac('sha256', secret).update(req.body).digest('hex')}`);
  const got = Buffer.from(String(req.headers['x-propper-signature'] ?? ''));
  if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) {
    return res.status(401).json({ error: 'invalid signature' });
  }
  const event = JSON.parse(req.body.toString('utf8'));
  res.json({ kind: event.type, id: event.id, type: event.type });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
