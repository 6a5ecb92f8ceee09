// The README's Node quick start, examples/express.mjs, run as its user runs it: `node
// examples/express.mjs` with signhook-wasm resolved as the installed package, on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'signhook-wasm';
import { start } from '../../bindings-node/test/spawn.mjs';

test('examples/express.mjs accepts a signed sajn webhook and refuses a forged one', async () => {
  const secret = 'whsec_example_wasm_express';
  const script = fileURLToPath(new URL('../examples/express.mjs', import.meta.url));
  const app = await start(script, { SAJN_WEBHOOK_SECRET: secret, PORT: '0' });
  try {
    const webhook = new Webhook({ provider: 'sajn', secret });
    const body = JSON.stringify({
      event: 'DOCUMENT_SIGNED', timestamp: '2026-01-01T09:15:30.000Z', organizationId: 'org_1',
      data: { documentId: 'd_1', documentName: 'Avtal.pdf', signerId: 's_1', signerName: 'Erik' },
    });
    const post = async (headers) => {
      const res = await fetch(`${app.base}/webhooks/sajn`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers },
      });
      return { status: res.status, json: await res.json() };
    };

    const ok = await post(webhook.sign(body));
    assert.deepEqual(ok, { status: 200, json: { received: webhook.verify(body, webhook.sign(body)).id } });
    const forged = await post(new Webhook({ provider: 'sajn', secret: 'whsec_forged' }).sign(body));
    assert.deepEqual([forged.status, forged.json.error], [401, 'SIGNATURE_MISMATCH']);
    const unsigned = await post({});
    assert.deepEqual([unsigned.status, unsigned.json.error], [401, 'MISSING_SIGNATURE']);
    const big = JSON.stringify({ pad: 'x'.repeat(webhook.maxBodyBytes) });
    const tooLarge = await fetch(`${app.base}/webhooks/sajn`, { method: 'POST', body: big, headers: webhook.sign(big) });
    assert.equal(tooLarge.status, 413);

    for (let i = 0; i < 50 && !app.output.includes('Erik signed Avtal.pdf'); i++) await sleep(20);
    assert.ok(app.output.includes('Erik signed Avtal.pdf'), app.output.join('\n'));
  } finally {
    await app.stop();
  }
});
