// The signhook demo server for Node: one Express route per provider, each behind
// signhook's middleware, configured from demo/samples.json with the current secret only.
// Prints `listening <port>` once ready; stops on SIGTERM or SIGINT.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { webhookMiddleware } from 'signhook/express';

const samplesPath = fileURLToPath(new URL('../../demo/samples.json', import.meta.url));
const { providers } = JSON.parse(readFileSync(samplesPath, 'utf8'));

const app = express();
for (const [provider, sample] of Object.entries(providers)) {
  const options = { provider, secret: sample.secret };
  if (sample.client_id) options.clientId = sample.client_id;
  app.post(`/webhooks/${provider}`, webhookMiddleware(options), (req, res) => {
    const { kind, id, type } = req.webhook;
    res.json({ kind, id, type });
  });
}

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
