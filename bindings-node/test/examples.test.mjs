// The quick starts in examples/ run as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'signhook';
import { start } from './spawn.mjs';

const example = (name) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

test('examples/express.mjs accepts a signed Propper webhook and refuses a forged one', async () => {
  const secret = 'whsec_example_express';
  const app = await start(example('express.mjs'), { PROPPER_WEBHOOK_SECRET: secret, PORT: '0' });
  try {
    const webhook = new Webhook({ provider: 'propper', secret });
    const body = JSON.stringify({
      id: 'evt_ex_1', type: 'document.signed', created: '2026-01-01T09:07:00Z',
      data: { document: { id: 'doc_1', name: 'NDA.pdf', status: 'signed' }, signer: { id: 's1', email: 'lee@acme.example' } },
    });
    const ok = await fetch(`${app.base}/webhooks/propper`, { method: 'POST', body, headers: webhook.sign(body) });
    assert.equal(ok.status, 204);
    const forged = await fetch(`${app.base}/webhooks/propper`, {
      method: 'POST', body, headers: { 'X-Propper-Signature': 'sha256=' + '0'.repeat(64) },
    });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).error, 'SIGNATURE_MISMATCH');
    for (let i = 0; i < 50 && !app.output.some((l) => l.includes('lee@acme.example signed NDA.pdf')); i++) await sleep(20);
    assert.ok(app.output.includes('lee@acme.example signed NDA.pdf'), app.output.join('\n'));
  } finally {
    await app.stop();
  }
});

test('examples/fetch.mjs answers a Fetch API Request', async () => {
  const secret = 'whsec_example_fetch';
  process.env.SAJN_WEBHOOK_SECRET = secret;
  const { POST } = await import('../examples/fetch.mjs');
  const webhook = new Webhook({ provider: 'sajn', secret });
  const body = JSON.stringify({
    event: 'DOCUMENT_SIGNED', timestamp: '2026-01-01T09:15:30.000Z', organizationId: 'org_1',
    data: { documentId: 'd_1', documentName: 'Avtal.pdf', signerId: 's_1', signerName: 'Erik', signatureType: 'BANKID' },
  });
  const url = 'http://127.0.0.1/api/webhooks/sajn';
  const ok = await POST(new Request(url, { method: 'POST', body, headers: webhook.sign(body) }));
  assert.equal(ok.status, 200);
  const { received } = await ok.json();
  assert.equal(received, webhook.verify(body, webhook.sign(body)).id);
  const bad = await POST(new Request(url, { method: 'POST', body: body + ' ', headers: webhook.sign(body) }));
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error, 'SIGNATURE_MISMATCH');
});
