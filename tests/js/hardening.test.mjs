// What hostile or careless callers can do to the JavaScript API, and what they get: the bytes
// that are hashed are the bytes that are parsed, a verified event never changes afterwards,
// and input shapes that used to differ between the engines get one answer. Runs against every
// engine (tests/js/impl.mjs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Webhook, WebhookVerificationError } from './impl.mjs';

const NOW = 1767225600;
const SECRET = 'whsec_hardening';
const webhook = new Webhook({ provider: 'propper', secret: SECRET });

// Two bodies of the same length that differ only in their event type.
const signedBody = JSON.stringify({ id: 'evt_h1', type: 'document.signed', data: { document: { id: 'd1' } } });
const forgedBody = signedBody.replace('document.signed', 'document.voided');
assert.equal(signedBody.length, forgedBody.length);
const signature = webhook.sign(signedBody)['X-Propper-Signature'];

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, String(err));
    return err.code;
  }
  return undefined;
}

describe('the bytes that are hashed are the bytes that are parsed', () => {
  test('a header getter that rewrites the body cannot smuggle in an unsigned event', () => {
    const body = new TextEncoder().encode(signedBody);
    const swap = new TextEncoder().encode(forgedBody);
    const headers = {
      get(name) {
        body.set(swap); // runs while signhook reads the headers
        return name === 'x-propper-signature' ? signature : null;
      },
      has: () => true,
    };
    let kind;
    const code = codeOf(() => {
      kind = webhook.verify(body, headers, { now: NOW }).kind;
    });
    // Either the rewrite happened before hashing (then the signature does not match) or
    // after parsing; never a document.cancelled event accepted under document.signed's MAC.
    assert.ok(code === 'SIGNATURE_MISMATCH' || kind === 'document.signed', `${code} ${kind}`);
  });

  test('a SharedArrayBuffer rewritten by another thread never yields an unsigned event', async () => {
    const shared = new SharedArrayBuffer(signedBody.length);
    const view = new Uint8Array(shared);
    view.set(new TextEncoder().encode(signedBody));
    const stopFlag = new SharedArrayBuffer(4);
    const flipper = new Worker(
      `const { workerData } = require('node:worker_threads');
       const view = new Uint8Array(workerData.shared);
       const a = new TextEncoder().encode(workerData.signed), b = new TextEncoder().encode(workerData.forged);
       const stop = new Int32Array(workerData.stop);
       for (let i = 0; Atomics.load(stop, 0) === 0; i++) view.set(i % 2 ? a : b);`,
      { eval: true, workerData: { shared, signed: signedBody, forged: forgedBody, stop: stopFlag } },
    );
    const stop = new Int32Array(stopFlag);
    const kinds = new Map();
    try {
      for (let i = 0; i < 2000; i++) {
        let kind = 'rejected';
        codeOf(() => {
          kind = webhook.verify(view, { 'x-propper-signature': signature }, { now: NOW }).kind;
        });
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    } finally {
      Atomics.store(stop, 0, 1);
      await flipper.terminate();
    }
    assert.ok(!kinds.has('document.cancelled'), JSON.stringify([...kinds]));
  });

  test('writes to the body after verification do not change the event or its payload', () => {
    for (const make of [(s) => Buffer.from(s), (s) => new TextEncoder().encode(s), (s) => new TextEncoder().encode(s).buffer]) {
      const body = make(signedBody);
      const event = webhook.verify(body, { 'x-propper-signature': signature }, { now: NOW });
      new Uint8Array(body.buffer ?? body, body.byteOffset ?? 0, signedBody.length).set(new TextEncoder().encode(forgedBody));
      assert.equal(event.kind, 'document.signed');
      assert.equal(event.payload.type, 'document.signed');
    }
  });
});

describe('one answer for every engine', () => {
  test('a string body with a lone surrogate is BODY_NOT_RAW: it cannot be the text that arrived', () => {
    const body = signedBody.replace('d1', '\ud800x');
    assert.equal(codeOf(() => webhook.verify(body, webhook.sign(new TextEncoder().encode(body)))), 'BODY_NOT_RAW');
  });

  test('a secret or client id that is not valid text is INVALID_CONFIG and is not echoed', () => {
    for (const opts of [
      { provider: 'propper', secret: 'whsec_\ud800' },
      { provider: 'krebit', secret: 's', clientId: 'c\udc00' },
    ]) {
      let message = '';
      try {
        new Webhook(opts);
      } catch (err) {
        assert.equal(err.code, 'INVALID_CONFIG');
        message = err.message;
      }
      assert.ok(message && !message.includes('whsec_'), message);
    }
  });

  test('a header value of the wrong type is a TypeError naming the header', () => {
    assert.throws(() => webhook.verify(signedBody, { 'x-propper-signature': 42 }), {
      name: 'TypeError',
      message: /x-propper-signature/,
    });
    // Headers that are not read are not inspected.
    assert.equal(webhook.verify(signedBody, { 'x-propper-signature': signature, 'x-other': 42 }, { now: NOW }).id, 'evt_h1');
  });

  test("Node's req.rawHeaders and many repeated pairs are read in one pass", () => {
    const raw = ['Host', 'x', 'X-Propper-Signature', signature];
    assert.equal(webhook.verify(signedBody, raw, { now: NOW }).id, 'evt_h1');
    const pairs = Array.from({ length: 20000 }, () => ['x-propper-signature', signature]);
    assert.equal(codeOf(() => webhook.verify(signedBody, pairs, { now: NOW })), 'MALFORMED_SIGNATURE');
  });

  test('now: a float is floored, a non-number is a TypeError, NaN and 2^53+ are INVALID_CONFIG', () => {
    const windowed = new Webhook({ provider: 'propper', secret: SECRET, tolerance: 0 });
    const body = JSON.stringify({ id: 'evt_t', type: 'document.sent', created: '2026-01-01T00:00:00Z' });
    const headers = windowed.sign(body);
    assert.equal(windowed.verify(body, headers, { now: NOW + 0.999 }).id, 'evt_t');
    assert.throws(() => windowed.verify(body, headers, { now: '1767225600' }), TypeError);
    for (const now of [NaN, Infinity, 2 ** 53 * 2]) {
      assert.equal(codeOf(() => webhook.verify(body, webhook.sign(body), { now })), 'INVALID_CONFIG');
    }
  });

  test('{ secret: null, secrets: [...] } is a rotation list; a hole in secrets is INVALID_CONFIG', () => {
    assert.ok(new Webhook({ provider: 'propper', secret: null, secrets: [SECRET] }));
    // eslint-disable-next-line no-sparse-arrays
    assert.equal(codeOf(() => new Webhook({ provider: 'propper', secrets: [SECRET, , 'b'] })), 'INVALID_CONFIG');
    assert.equal(codeOf(() => new Webhook({ provider: 'propper', secret: SECRET, tolerance: true })), 'INVALID_CONFIG');
  });

  test('verifyRequest with something that is not a Request is BODY_NOT_RAW', async () => {
    for (const notRequest of [null, undefined, 'body', { body: 'x' }]) {
      await assert.rejects(webhook.verifyRequest(notRequest), { code: 'BODY_NOT_RAW' });
    }
  });
});
