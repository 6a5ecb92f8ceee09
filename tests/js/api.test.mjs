// The JS API of signhook, the same for the native Node package and the WebAssembly package:
// construction, body types, header shapes, errors, sign, verifyRequest.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Webhook, WebhookVerificationError } from './impl.mjs';

const NOW = 1767225600; // 2026-01-01T00:00:00Z
const SECRET = 'whsec_propper_api_test';
const OLD_SECRET = 'whsec_propper_api_previous';

const event = {
  id: 'evt_01JAPI0001',
  type: 'document.signed',
  created: '2025-12-31T23:59:00Z',
  data: {
    document: { id: 'doc_77', name: 'NDA – Acme.pdf', status: 'signed' },
    signer: { id: 'sgn_1', email: 'lee@acme.example', name: 'Lee Park', signedAt: '2025-12-31T23:58:59Z' },
    fields: [{ name: 'company', value: 'Acme' }],
  },
};
const text = JSON.stringify(event);
const bytes = new TextEncoder().encode(text);

const propper = (opts = {}) => new Webhook({ provider: 'propper', secret: SECRET, ...opts });

/** Asserts that `fn` throws a WebhookVerificationError with `code` and `status`; returns it. */
function throwsCode(fn, code, status) {
  let caught;
  assert.throws(fn, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof WebhookVerificationError, `not a WebhookVerificationError: ${caught}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'WebhookVerificationError');
  assert.equal(caught.code, code, caught.message);
  if (status !== undefined) assert.equal(caught.status, status);
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  return caught;
}

async function rejectsCode(promise, code, status) {
  let caught;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof WebhookVerificationError, `not a WebhookVerificationError: ${caught}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status);
  return caught;
}

describe('construction', () => {
  test('one secret, or several while rotating', () => {
    assert.ok(new Webhook({ provider: 'sajn', secret: 'whsec_a' }));
    assert.ok(new Webhook({ provider: 'sajn', secrets: ['whsec_new', 'whsec_old'] }));
    assert.ok(new Webhook({ provider: 'sajn', secret: new Uint8Array([1, 2, 3]) }));
    assert.ok(new Webhook({ provider: 'krebit', secret: 'whsec_a', clientId: 'client_1', tolerance: 300, maxBodyBytes: 4096 }));
  });

  test('a configuration that cannot work throws INVALID_CONFIG', () => {
    const bad = [
      { provider: 'acmesign', secret: 'whsec_a' },
      { provider: 'sajn' },
      { provider: 'sajn', secret: '' },
      { provider: 'sajn', secrets: [] },
      { provider: 'sajn', secret: 'whsec_a\n' },
      { provider: 'sajn', secret: 42 },
      { provider: 'sajn', secret: 'a', secrets: ['b'] },
      { provider: 'sajn', secret: 'whsec_a', tolerance: -1 },
      { provider: 'sajn', secret: 'whsec_a', tolerance: 'soon' },
      { provider: 'sajn', secret: 'whsec_a', maxBodyBytes: 0 },
      { provider: 'sajn', secret: 'whsec_a', maxBodyBytes: 1.5 },
      { provider: 'sajn', secret: 'whsec_a', clientId: 'client_1' },
      { provider: 42, secret: 'whsec_a' },
    ];
    for (const opts of bad) {
      const err = throwsCode(() => new Webhook(opts), 'INVALID_CONFIG', 500);
      assert.ok(!err.message.includes('whsec_a'), err.message);
    }
    throwsCode(() => new Webhook(), 'INVALID_CONFIG', 500);
  });

  test('inspecting a webhook never shows its secrets', () => {
    const webhook = new Webhook({ provider: 'propper', secrets: [SECRET, OLD_SECRET] });
    const shown = inspect(webhook, { depth: 10, showHidden: true }) + String(webhook) + JSON.stringify(webhook);
    assert.ok(!shown.includes(SECRET) && !shown.includes(OLD_SECRET), shown);
  });
});

describe('verify: the event', () => {
  test('a signed Propper event has the SPEC fields in camelCase', () => {
    const webhook = propper();
    const got = webhook.verify(text, webhook.sign(text), { now: NOW });
    assert.equal(got.provider, 'propper');
    assert.equal(got.id, 'evt_01JAPI0001');
    assert.equal(got.idSource, 'provider');
    assert.equal(got.type, 'document.signed');
    assert.equal(got.kind, 'document.signed');
    assert.equal(got.occurredAt, '2025-12-31T23:59:00Z');
    assert.deepEqual({ ...got.document }, { id: 'doc_77', name: 'NDA – Acme.pdf', status: 'signed', externalId: null, completedAt: null });
    assert.deepEqual({ ...got.signer }, { id: 'sgn_1', email: 'lee@acme.example', name: 'Lee Park', signedAt: '2025-12-31T23:58:59Z', signatureType: null });
    assert.equal(got.reason, null);
    assert.equal(got.downloadUrl, null);
    assert.equal(got.organizationId, null);
    assert.equal(got.clientId, null);
  });

  test('payload is the whole body, parsed once, and survives JSON.stringify', () => {
    const webhook = propper();
    const got = webhook.verify(bytes, webhook.sign(bytes), { now: NOW });
    assert.deepEqual(got.payload, event);
    assert.equal(got.payload, got.payload, 'the same object on every read');
    assert.ok('payload' in got);
    const copy = JSON.parse(JSON.stringify(got));
    assert.deepEqual(copy.payload, event);
    assert.equal(copy.kind, 'document.signed');
    assert.deepEqual(copy.document, { id: 'doc_77', name: 'NDA – Acme.pdf', status: 'signed', externalId: null, completedAt: null });
  });

  test('an event without document or signer has them as null', () => {
    const webhook = new Webhook({ provider: 'krebit', secret: 'whsec_k' });
    const body = JSON.stringify({ id: 'evt_k1', type: 'signing.custom' });
    const got = webhook.verify(body, webhook.sign(body), { now: NOW });
    assert.equal(got.kind, 'unknown');
    assert.equal(got.type, 'signing.custom');
    assert.equal(got.document, null);
    assert.equal(got.signer, null);
  });

  test('now defaults to the current time', () => {
    const webhook = propper({ tolerance: 300 });
    const fresh = JSON.stringify({ ...event, created: new Date().toISOString() });
    assert.equal(webhook.verify(fresh, webhook.sign(fresh)).kind, 'document.signed');
    throwsCode(() => webhook.verify(text, webhook.sign(text)), 'TIMESTAMP_OUT_OF_RANGE', 401);
    assert.equal(webhook.verify(text, webhook.sign(text), { now: NOW }).id, event.id);
  });
});

describe('verify: body types', () => {
  const webhook = propper();
  const headers = webhook.sign(bytes);

  test('string, Uint8Array and ArrayBuffer give the same event', () => {
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    for (const body of [text, bytes, arrayBuffer]) {
      assert.equal(webhook.verify(body, headers, { now: NOW }).id, 'evt_01JAPI0001');
    }
  });

  test('a view into a larger buffer verifies only its own bytes', () => {
    const big = new Uint8Array(bytes.length + 20).fill(0x20);
    big.set(bytes, 10);
    const view = big.subarray(10, 10 + bytes.length);
    assert.deepEqual(webhook.verify(view, headers, { now: NOW }).payload, event);
    const dataView = new DataView(big.buffer, 10, bytes.length);
    assert.equal(webhook.verify(dataView, headers, { now: NOW }).id, 'evt_01JAPI0001');
  });

  test('the payload is what was verified, even if the caller reuses the buffer afterwards', () => {
    const reused = bytes.slice();
    const verified = webhook.verify(reused, headers, { now: NOW });
    reused.fill(0x20);
    assert.deepEqual(verified.payload, event);
    // Each event of an array is its own part of the body (PandaDoc sends several at once).
    const pandadoc = new Webhook({ provider: 'pandadoc', secret: SECRET });
    const batch = new TextEncoder().encode(
      '[{"event":"document_state_changed","data":{"id":"doc_1","status":"document.completed"}},' +
        '{"event":"recipient_completed","data":{"id":"doc_2","status":"document.sent"}}]',
    );
    const url = `/hooks?${pandadoc.signQuery(batch)}`;
    const delivery = { 'X-PandaDoc-Webhook-Event-Id': '4d3c2b1a-9f8e-4d7c-b6a5-0e1f2a3b4c5d' };
    const events = pandadoc.verifyAll(batch, delivery, { now: NOW, url });
    batch.fill(0x20);
    assert.deepEqual(events.map((e) => e.payload.data.id), ['doc_1', 'doc_2']);
  });

  test('an already-parsed body is BODY_NOT_RAW, never a signature mismatch', () => {
    for (const parsed of [event, null, undefined, 42, true, [1, 2]]) {
      const err = throwsCode(() => webhook.verify(parsed, headers, { now: NOW }), 'BODY_NOT_RAW', 500);
      assert.match(err.message, /raw/);
    }
  });

  test('a body over maxBodyBytes is PAYLOAD_TOO_LARGE', () => {
    const small = propper({ maxBodyBytes: 64 });
    throwsCode(() => small.verify(text, small.sign(text), { now: NOW }), 'PAYLOAD_TOO_LARGE', 413);
  });

  test('a body that is not a JSON object is INVALID_PAYLOAD once the signature holds', () => {
    for (const body of ['[1,2,3]', '{"id":', 'null', '{"id":"evt_1"}']) {
      throwsCode(() => webhook.verify(body, webhook.sign(body), { now: NOW }), 'INVALID_PAYLOAD', 400);
    }
  });
});

describe('verify: header shapes', () => {
  const webhook = propper();
  const signature = webhook.sign(text)['X-Propper-Signature'];
  const wrong = 'sha256=' + '0'.repeat(64);

  const shapes = {
    'Node req.headers (lowercase, values may be arrays)': {
      host: '127.0.0.1', 'content-type': 'application/json', 'x-propper-signature': [wrong, signature],
    },
    'a Web Headers': new Headers({ 'Content-Type': 'application/json', 'X-Propper-Signature': signature }),
    'a plain object in any case': { 'X-PROPPER-SIGNATURE': signature },
    'a list of pairs': [['Content-Type', 'application/json'], ['x-propper-signature', wrong], ['X-Propper-Signature', signature]],
    'a Map': new Map([['x-propper-signature', signature]]),
  };
  for (const [name, headers] of Object.entries(shapes)) {
    test(name, () => {
      assert.equal(webhook.verify(text, headers, { now: NOW }).id, 'evt_01JAPI0001');
    });
  }

  test('no headers at all is MISSING_SIGNATURE', () => {
    for (const headers of [{}, [], new Headers(), undefined, null]) {
      throwsCode(() => webhook.verify(text, headers, { now: NOW }), 'MISSING_SIGNATURE', 401);
    }
  });
});

describe('verify: signatures', () => {
  test('a tampered body is SIGNATURE_MISMATCH, and the message names the usual causes', () => {
    const webhook = propper();
    const headers = webhook.sign(text);
    const err = throwsCode(() => webhook.verify(text.replace('Lee', 'Eve'), headers, { now: NOW }), 'SIGNATURE_MISMATCH', 401);
    assert.match(err.message, /raw/);
    assert.ok(!err.message.includes(SECRET));
  });

  test('a signature from another secret is SIGNATURE_MISMATCH', () => {
    const stranger = new Webhook({ provider: 'propper', secret: 'whsec_someone_else' });
    throwsCode(() => propper().verify(text, stranger.sign(text), { now: NOW }), 'SIGNATURE_MISMATCH', 401);
  });

  test('a short or garbled signature is MALFORMED_SIGNATURE, not a crash', () => {
    for (const value of ['sha256=abcd', 'sha256=' + 'z'.repeat(64), 'deadbeef', 'sha256=' + 'a'.repeat(66)]) {
      throwsCode(() => propper().verify(text, { 'x-propper-signature': value }, { now: NOW }), 'MALFORMED_SIGNATURE', 401);
    }
  });

  test('rotation: either configured secret is accepted; sign uses the first', () => {
    const rotating = new Webhook({ provider: 'propper', secrets: [SECRET, OLD_SECRET] });
    const old = new Webhook({ provider: 'propper', secret: OLD_SECRET });
    assert.equal(rotating.verify(text, old.sign(text), { now: NOW }).id, 'evt_01JAPI0001');
    assert.deepEqual(rotating.sign(text), propper().sign(text));
  });

  test('bytes secrets are used verbatim', () => {
    const key = new Uint8Array([0, 255, 10, 32, 128]);
    const a = new Webhook({ provider: 'sajn', secret: key });
    const body = JSON.stringify({ event: 'DOCUMENT_SENT', timestamp: '2026-01-01T00:00:00Z', data: { documentId: 'd1' } });
    assert.equal(a.verify(body, a.sign(body), { now: NOW }).kind, 'document.sent');
  });
});

describe('sign', () => {
  test('returns a plain object of the headers the provider sends', () => {
    const headers = propper().sign(text);
    assert.equal(Object.getPrototypeOf(headers), Object.prototype);
    assert.deepEqual(Object.keys(headers), ['X-Propper-Signature']);
    assert.match(headers['X-Propper-Signature'], /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(propper().sign(bytes), headers, 'the same for text and bytes');
  });

  test('krebit adds X-Client-Id when a client id is configured', () => {
    const webhook = new Webhook({ provider: 'krebit', secret: 'whsec_k', clientId: 'client_7' });
    const body = JSON.stringify({ id: 'evt_k1', type: 'signing.sent' });
    const headers = webhook.sign(body);
    assert.deepEqual(Object.keys(headers).sort(), ['X-Client-Id', 'X-Signature']);
    assert.equal(headers['X-Client-Id'], 'client_7');
    const got = webhook.verify(body, headers, { now: NOW });
    assert.equal(got.clientId, 'client_7');
    throwsCode(() => webhook.verify(body, { ...headers, 'X-Client-Id': 'client_8' }, { now: NOW }), 'CLIENT_ID_MISMATCH', 401);
  });

  test('an already-parsed body cannot be signed either', () => {
    throwsCode(() => propper().sign(event), 'BODY_NOT_RAW', 500);
  });
});

describe('verifyRequest (Fetch API Request)', () => {
  const url = 'http://127.0.0.1/webhooks/propper';
  const post = (body, headers) => new Request(url, { method: 'POST', body, headers });

  test('a signed request gives the event', async () => {
    const webhook = propper();
    const got = await webhook.verifyRequest(post(text, webhook.sign(text)), { now: NOW });
    assert.equal(got.kind, 'document.signed');
    assert.deepEqual(got.payload, event);
  });

  test('a tampered request is SIGNATURE_MISMATCH', async () => {
    const webhook = propper();
    await rejectsCode(webhook.verifyRequest(post(text + ' ', webhook.sign(text)), { now: NOW }), 'SIGNATURE_MISMATCH', 401);
  });

  test('an oversize body is PAYLOAD_TOO_LARGE', async () => {
    const webhook = propper({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ ...event, padding: 'x'.repeat(4096) });
    await rejectsCode(webhook.verifyRequest(post(big, webhook.sign(big)), { now: NOW }), 'PAYLOAD_TOO_LARGE', 413);
  });

  test('a request whose body was already read is BODY_NOT_RAW', async () => {
    const webhook = propper();
    const request = post(text, webhook.sign(text));
    await request.json();
    await rejectsCode(webhook.verifyRequest(request, { now: NOW }), 'BODY_NOT_RAW', 500);
  });
});

test('PAYLOAD_TOO_LARGE names the option as JavaScript spells it', () => {
  const webhook = new Webhook({ provider: 'propper', secret: SECRET, maxBodyBytes: 10 });
  assert.throws(() => webhook.verify('x'.repeat(11), {}), (err) => err.code === 'PAYLOAD_TOO_LARGE' && /raise maxBodyBytes/.test(err.message));
});

test('errors carry their facts in err.context, in the JavaScript spelling', () => {
  const small = new Webhook({ provider: 'propper', secret: SECRET, maxBodyBytes: 10 });
  const contextOf = (fn) => {
    try {
      fn();
    } catch (err) {
      return [err.code, err.context];
    }
    return 'no error';
  };
  assert.deepEqual(contextOf(() => small.verify('x'.repeat(11), {})), ['PAYLOAD_TOO_LARGE', { limit: 10, actual: 11 }]);
  const webhook = new Webhook({ provider: 'propper', secret: SECRET, tolerance: 300 });
  assert.deepEqual(contextOf(() => webhook.verify(text, {})), ['MISSING_SIGNATURE', { header: 'X-Propper-Signature' }]);
  const late = contextOf(() => webhook.verify(text, webhook.sign(text), { now: NOW + 10_000 }));
  assert.equal(late[0], 'TIMESTAMP_OUT_OF_RANGE');
  assert.deepEqual(Object.keys(late[1]).sort(), ['now', 'occurredAt', 'tolerance']);
  assert.deepEqual([late[1].now, late[1].tolerance], [NOW + 10_000, 300]);
  // INVALID_CONFIG says which rule was broken.
  assert.deepEqual(contextOf(() => new Webhook({ provider: 'propper' })), ['INVALID_CONFIG', { reason: 'secrets' }]);
  assert.deepEqual(contextOf(() => new Webhook({ provider: 'nope', secret: SECRET })), ['INVALID_CONFIG', { reason: 'unknown_provider' }]);
  assert.deepEqual(contextOf(() => new Webhook({ provider: 'propper', secret: SECRET, tolerance: 1.5 })), ['INVALID_CONFIG', { reason: 'number' }]);
  assert.deepEqual(contextOf(() => new Webhook({ provider: 'propper', secret: 42 })), ['INVALID_CONFIG', { reason: 'type' }]);
});
