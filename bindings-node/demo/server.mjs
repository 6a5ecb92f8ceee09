// The signhook demo server for Node: one Express route per provider, each behind
// signhook's middleware, configured from demo/samples.json with the current secret only
// (Adobe: its client id). The answer names the event in JSON and in X-Event-Kind and
// X-Event-Id, which survive where the provider requires an answer of its own (Dropbox Sign).
// Prints `listening <port>` once ready; stops on SIGTERM or SIGINT.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Webhook, webhookMiddleware } from 'signhook/express';

const samplesPath = fileURLToPath(new URL('../../demo/samples.json', import.meta.url));
const { providers, body_not_covered: others } = JSON.parse(readFileSync(samplesPath, 'utf8'));

const app = express();
for (const [provider, sample] of Object.entries({ ...providers, ...others })) {
  const options = { provider, secret: sample.secret };
  if (sample.client_id) options.clientId = sample.client_id;
  const webhook = new Webhook(options);
  // A provider that checks the URL with a GET first (Adobe): the middleware answers it.
  const route = webhook.hasHandshake ? app.all.bind(app) : app.post.bind(app);
  route(`/webhooks/${provider}`, webhookMiddleware({ webhook }), (req, res) => {
    const { kind, id, type } = req.webhook;
    res.set({ 'X-Event-Kind': kind, 'X-Event-Id': id }).json({ kind, id, type });
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
