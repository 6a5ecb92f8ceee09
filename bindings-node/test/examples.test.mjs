// The quick starts in examples/ run as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

test('examples/express-json.mjs verifies the bytes express.json() read, and parses JSON elsewhere', async () => {
  const secret = 'whsec_example_express_json';
  const app = await start(example('express-json.mjs'), { PROPPER_WEBHOOK_SECRET: secret, PORT: '0' });
  try {
    const webhook = new Webhook({ provider: 'propper', secret });
    const body = JSON.stringify({
      id: 'evt_json_1', type: 'document.signed', created: '2026-01-01T09:07:00Z',
      data: { document: { id: 'doc_json', name: 'NDA.pdf', status: 'signed' }, signer: { id: 's1' } },
    });
    const post = (path, text, headers) => fetch(`${app.base}${path}`, {
      method: 'POST', body: text, headers: { 'Content-Type': 'application/json', ...headers },
    });
    assert.equal((await post('/webhooks/propper', body, webhook.sign(body))).status, 204);
    const forged = await post('/webhooks/propper', body, { 'X-Propper-Signature': 'sha256=' + '0'.repeat(64) });
    assert.deepEqual([forged.status, (await forged.json()).error], [401, 'SIGNATURE_MISMATCH']);
    // The same JSON in other bytes is not what was signed.
    const reserialized = await post('/webhooks/propper', JSON.stringify(JSON.parse(body), null, 2), webhook.sign(body));
    assert.deepEqual([reserialized.status, (await reserialized.json()).error], [401, 'SIGNATURE_MISMATCH']);
    const note = await post('/api/notes', JSON.stringify({ text: 'hello' }), {});
    assert.deepEqual([note.status, await note.json()], [201, { note: 'hello' }]);
    for (let i = 0; i < 50 && !app.output.includes('document.signed for document doc_json'); i++) await sleep(20);
    assert.ok(app.output.includes('document.signed for document doc_json'), app.output.join('\n'));
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

test('examples/nest.mts, compiled with tsc --strict, verifies req.rawBody in a real NestJS app', async () => {
  // Compile the recipe as a Nest user would (decorators on), into .tsbuild/.
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('../types/tsconfig.nest.json', import.meta.url))], {
    stdio: 'inherit',
  });
  const secret = 'whsec_example_nest';
  const app = await start(fileURLToPath(new URL('../.tsbuild/nest.mjs', import.meta.url)), {
    PROPPER_WEBHOOK_SECRET: secret, PORT: '0', NO_COLOR: '1',
  });
  try {
    const webhook = new Webhook({ provider: 'propper', secret });
    const body = JSON.stringify({
      id: 'evt_nest_1', type: 'document.signed', created: '2026-01-01T09:07:00Z',
      data: { document: { id: 'doc_nest', name: 'NDA.pdf', status: 'signed' }, signer: { id: 's1', email: 'lee@acme.example' } },
    });
    const post = async (text, headers) => {
      const res = await fetch(`${app.base}/webhooks/propper`, {
        method: 'POST', body: text, headers: { 'Content-Type': 'application/json', ...headers },
      });
      const answer = await res.text();
      return { status: res.status, json: answer ? JSON.parse(answer) : undefined };
    };

    assert.equal((await post(body, webhook.sign(body))).status, 204);
    const forged = await post(body, { 'X-Propper-Signature': 'sha256=' + '0'.repeat(64) });
    assert.deepEqual([forged.status, forged.json.error], [401, 'SIGNATURE_MISMATCH']);
    // Nest's JSON parser has read the body first; the signature still holds over the raw bytes,
    // so a re-serialized (tampered) body fails.
    const tampered = await post(JSON.stringify(JSON.parse(body), null, 1), webhook.sign(body));
    assert.deepEqual([tampered.status, tampered.json.error], [401, 'SIGNATURE_MISMATCH']);
    const unsigned = await post(body, {});
    assert.deepEqual([unsigned.status, unsigned.json.error], [401, 'MISSING_SIGNATURE']);
    // Over signhook's limit (1 MiB): Nest's parser, given that limit, refuses it with 413.
    const big = JSON.stringify({ ...JSON.parse(body), pad: 'x'.repeat(webhook.maxBodyBytes) });
    assert.equal((await post(big, webhook.sign(big))).status, 413);

    for (let i = 0; i < 50 && !app.output.some((l) => l.includes('(id evt_nest_1)')); i++) await sleep(20);
    assert.ok(app.output.some((l) => l.includes('document.signed for document doc_nest (id evt_nest_1)')), app.output.join('\n'));
  } finally {
    await app.stop();
  }
});
