// demo/server.mjs keeps the cross-runtime demo's contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'signhook';
import { samples } from './helpers.mjs';
import { start } from './spawn.mjs';
import { bodyFor } from '../../demo/deliver.mjs';

test('the demo server verifies each provider with its current secret and exits on SIGTERM', async () => {
  const server = await start(fileURLToPath(new URL('../demo/server.mjs', import.meta.url)));
  try {
    assert.equal(server.output.length, 1, 'exactly one line: listening <port>');
    for (const [provider, sample] of Object.entries(samples)) {
      const extra = sample.client_id ? { clientId: sample.client_id } : {};
      const current = new Webhook({ provider, secret: sample.secret, ...extra });
      const previous = new Webhook({ provider, secret: sample.previous_secret, ...extra });
      const body = bodyFor(provider, sample.events[0]);
      // PandaDoc signs in the URL's query.
      const url = (w) => `${server.base}/webhooks/${provider}${w.signQuery(body) ? `?${w.signQuery(body)}` : ''}`;

      const ok = await fetch(url(current), { method: 'POST', body, headers: current.sign(body) });
      assert.equal(ok.status, 200);
      const event = current.verify(body, current.sign(body), { url: url(current) });
      assert.deepEqual(await ok.json(), { kind: event.kind, id: event.id, type: event.type });

      // Only the current secret is configured: the previous one is refused.
      const old = await fetch(url(previous), { method: 'POST', body, headers: previous.sign(body) });
      assert.equal(old.status, 401);
      assert.equal((await old.json()).error, 'SIGNATURE_MISMATCH');
    }
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0);
  }
});
