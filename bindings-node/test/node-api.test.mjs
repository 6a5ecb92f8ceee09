// What only the Node package promises, beyond the shared suite in tests/js/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { Webhook, WebhookVerificationError } from 'signhook';

const require = createRequire(import.meta.url);
const NOW = 1767225600;
const secret = 'whsec_node_only';
const body = JSON.stringify({
  id: 'evt_node_1', type: 'document.completed', created: '2026-01-01T00:00:00Z',
  data: { document: { id: 'doc_1', name: 'NDA.pdf', status: 'completed' }, downloadUrl: 'https://files.example/doc_1.pdf' },
});
const webhook = new Webhook({ provider: 'propper', secret });

test('CommonJS require gives the same classes', () => {
  const cjs = require('signhook');
  assert.equal(cjs.Webhook, Webhook);
  assert.equal(cjs.WebhookVerificationError, WebhookVerificationError);
  assert.equal(typeof require('signhook/express').webhookMiddleware, 'function');
});

test('a Buffer body and a Buffer secret', () => {
  const bytes = new Webhook({ provider: 'propper', secret: Buffer.from(secret) });
  const event = bytes.verify(Buffer.from(body), webhook.sign(Buffer.from(body)), { now: NOW });
  assert.equal(event.downloadUrl, 'https://files.example/doc_1.pdf');
});

test("Node's req.rawHeaders (a flat [name, value, ...] list) is accepted", () => {
  const raw = ['Host', '127.0.0.1', 'X-Propper-Signature', webhook.sign(body)['X-Propper-Signature'], 'Content-Type', 'application/json'];
  assert.equal(webhook.verify(body, raw, { now: NOW }).id, 'evt_node_1');
});

test('the payload is what was verified, even if the buffer is reused afterwards', () => {
  const buf = Buffer.from(body);
  const event = webhook.verify(buf, webhook.sign(buf), { now: NOW });
  buf.fill(0x20);
  assert.equal(event.payload.id, 'evt_node_1');
});

test('BODY_NOT_RAW tells an Express user how to get the raw body', () => {
  assert.throws(() => webhook.verify(JSON.parse(body), webhook.sign(body)), (err) => {
    assert.ok(err instanceof WebhookVerificationError);
    assert.equal(err.code, 'BODY_NOT_RAW');
    assert.equal(err.status, 500);
    assert.match(err.message, /webhookMiddleware/);
    assert.match(err.message, /express\.json\(\{ verify: captureRawBody \}\)/);
    return true;
  });
});

test('console.log of an event shows its payload; of an error, its code and no secret', () => {
  const event = webhook.verify(body, webhook.sign(body), { now: NOW });
  const shown = inspect(event, { depth: 4 });
  assert.match(shown, /payload: \{/);
  assert.match(shown, /^WebhookEvent \{/);
  assert.match(shown, /downloadUrl: 'https:\/\/files.example\/doc_1.pdf'/);
  const err = (() => {
    try {
      webhook.verify(body + ' ', webhook.sign(body));
    } catch (e) {
      return e;
    }
  })();
  const text = inspect(err) + String(err.stack);
  assert.match(text, /SIGNATURE_MISMATCH/);
  assert.ok(!text.includes(secret));
  assert.match(inspect(webhook), /Webhook \{ provider: 'propper', secrets: <1 redacted>/);
});

test('hostile input is an error, never a crash', () => {
  const headers = webhook.sign(body);
  const cases = [
    () => webhook.verify(Buffer.alloc(0), headers),
    () => webhook.verify('\u0000'.repeat(10), headers),
    () => webhook.verify(body, { 'x-propper-signature': ['a'.repeat(10000), ',,,'] }),
    () => webhook.verify(body, { 'x-propper-signature': 'sha256=' + 'ab'.repeat(32) + ','.repeat(1000) }),
    () => webhook.verify(body, [['x-propper-signature']]),
    () => webhook.verify('['.repeat(200000), new Webhook({ provider: 'propper', secret }).sign('['.repeat(200000))),
  ];
  for (const run of cases) {
    assert.throws(run, WebhookVerificationError);
  }
  // Arguments of a type no framework produces are the language's own TypeError.
  assert.throws(() => webhook.verify(body, 'x-propper-signature: abc'), TypeError);
  assert.throws(() => webhook.verify(body, { 'x-propper-signature': ['a', 42] }), TypeError);
});
