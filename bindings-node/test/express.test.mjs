// The Express middleware against a real Express app on loopback, for every provider; run
// against each JavaScript package and engine (SIGNHOOK_IMPL, see tests/js/impl.mjs).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { Webhook, WebhookVerificationError, webhookMiddleware, captureRawBody } from '../../tests/js/impl.mjs';
import { samples, listen } from './helpers.mjs';
import { bodyFor } from '../../demo/deliver.mjs';

const json = { 'Content-Type': 'application/json' };

/** What the app tells about each verified webhook: the whole event, payload included. */
function echo(req, res) {
  res.json({ event: req.webhook });
}

function options(provider) {
  const s = samples[provider];
  return {
    provider,
    secrets: [s.secret, s.previous_secret],
    ...(s.client_id ? { clientId: s.client_id } : {}),
  };
}

function buildApp() {
  const app = express();
  const parsed = express.Router();
  const captured = express.Router();
  for (const provider of Object.keys(samples)) {
    // No body parser anywhere near it: the middleware reads the raw body itself.
    app.post(`/webhooks/${provider}`, webhookMiddleware(options(provider)), echo);
    // Mounted after express.json(), without and with the raw bytes captured.
    parsed.post(`/webhooks/${provider}`, webhookMiddleware(options(provider)), echo);
    captured.post(`/webhooks/${provider}`, webhookMiddleware(options(provider)), echo);
  }
  app.use('/parsed', express.json(), parsed);
  app.use('/captured', express.json({ verify: captureRawBody }), captured);

  app.post('/small', webhookMiddleware({ provider: 'propper', secret: samples.propper.secret, maxBodyBytes: 1024 }), echo);
  app.post('/forward', webhookMiddleware({ ...options('propper'), forwardErrors: true }), echo);
  app.use((err, req, res, _next) => {
    res.status(599).json({ forwarded: err instanceof WebhookVerificationError, code: err.code });
  });
  return app;
}

let server;
before(async () => {
  server = await listen(buildApp());
});
after(() => server.close());

for (const [provider, sample] of Object.entries(samples)) {
  describe(`${provider} through webhookMiddleware`, () => {
    const current = new Webhook({ provider, secret: sample.secret, ...(sample.client_id ? { clientId: sample.client_id } : {}) });
    const previous = new Webhook({ provider, secret: sample.previous_secret, ...(sample.client_id ? { clientId: sample.client_id } : {}) });
    // `whsec_` + base64, a secret every provider takes.
    const strangerSecret = 'whsec_bm90LXRoZS1jb25maWd1cmVkLW9uZQ==';
    const stranger = new Webhook({ provider, secret: strangerSecret, ...(sample.client_id ? { clientId: sample.client_id } : {}) });
    const base = `/webhooks/${provider}`;
    // The path, with the signature's query for a provider that signs in the URL (PandaDoc).
    const at = (body, w = current, prefix = '') => `${prefix}${base}${w.signQuery(body) ? `?${w.signQuery(body)}` : ''}`;
    // A provider that sends its secret as it is (Documenso) signs nothing: the body is not covered.
    const coversBody = current.verify(bodyFor(provider, sample.events[0]), current.sign(bodyFor(provider, sample.events[0])), { url: at(bodyFor(provider, sample.events[0])) }).authentication === 'hmac-body';
    const signatureHeader = Object.keys(current.sign('{}')).find((h) => h !== 'X-Client-Id');

    test('a signed event is accepted and req.webhook is the event', async () => {
      for (const payload of sample.events) {
        const body = bodyFor(provider, payload);
        const { status, json: answer } = await server.post(at(body), body, { ...json, ...current.sign(body) });
        assert.equal(status, 200, JSON.stringify(answer));
        const expected = current.verify(body, current.sign(body), { url: at(body) });
        assert.deepEqual(answer.event, JSON.parse(JSON.stringify(expected)));
        assert.deepEqual(answer.event.payload, payload);
        assert.equal(answer.event.provider, provider);
        assert.notEqual(answer.event.kind, 'unknown');
      }
    });

    test(coversBody ? 'a tampered body is 401 SIGNATURE_MISMATCH' : 'a tampered body passes: a shared secret does not cover it', async () => {
      const body = bodyFor(provider, sample.events[0]);
      const tampered = body.replace(/"(data|payload)"/, '"$1" ');
      const { status, json: answer } = await server.post(at(body), tampered, { ...json, ...current.sign(body) });
      if (!coversBody) {
        assert.equal(status, 200);
        assert.equal(answer.event.authentication, 'shared-secret');
        return;
      }
      assert.equal(status, 401);
      assert.equal(answer.error, 'SIGNATURE_MISMATCH');
      assert.match(answer.message, /raw request bytes/);
    });

    test('a signature made with another secret is 401 SIGNATURE_MISMATCH', async () => {
      const body = bodyFor(provider, sample.events[0]);
      const { status, json: answer } = await server.post(at(body, stranger), body, { ...json, ...stranger.sign(body) });
      assert.equal(status, 401);
      assert.equal(answer.error, 'SIGNATURE_MISMATCH');
      assert.ok(!answer.message.includes(sample.secret) && !answer.message.includes(strangerSecret));
    });

    test('rotation: a body signed with the previous secret is accepted', async () => {
      const body = bodyFor(provider, sample.events.at(-1));
      const { status, json: answer } = await server.post(at(body, previous), body, { ...json, ...previous.sign(body) });
      assert.equal(status, 200);
      assert.deepEqual(answer.event.payload, sample.events.at(-1));
    });

    test('no signature header is 401 MISSING_SIGNATURE', async () => {
      const body = bodyFor(provider, sample.events[0]);
      const { status, json: answer } = await server.post(base, body, json);
      assert.equal(status, 401);
      assert.equal(answer.error, 'MISSING_SIGNATURE');
    });

    test('a short signature is 401 MALFORMED_SIGNATURE (a short secret: a mismatch), not a crash', async () => {
      const body = bodyFor(provider, sample.events[0]);
      const query = current.signQuery(body);
      const { status, json: answer } = query
        ? await server.post(`${base}?${query.slice(0, -2)}`, body, { ...json, ...current.sign(body) })
        : await server.post(base, body, { ...json, ...current.sign(body), [signatureHeader]: current.sign(body)[signatureHeader].slice(0, -2) });
      assert.equal(status, 401);
      assert.equal(answer.error, coversBody ? 'MALFORMED_SIGNATURE' : 'SIGNATURE_MISMATCH');
    });

    test('a body over the default 1 MiB limit is 413 PAYLOAD_TOO_LARGE', async () => {
      const body = bodyFor(provider, { ...sample.events[0], padding: 'x'.repeat(1 << 20) });
      const { status, json: answer } = await server.post(at(body), body, { ...json, ...current.sign(body) });
      assert.equal(status, 413);
      assert.equal(answer.error, 'PAYLOAD_TOO_LARGE');
    });

    test('after express.json() without the raw bytes: 500 BODY_NOT_RAW, never a mismatch', async () => {
      const body = bodyFor(provider, sample.events[0]);
      const { status, json: answer } = await server.post(at(body, current, '/parsed'), body, { ...json, ...current.sign(body) });
      assert.equal(status, 500);
      assert.equal(answer.error, 'BODY_NOT_RAW');
      assert.match(answer.message, /captureRawBody/);
    });

    test('after express.json({ verify: captureRawBody }): the captured bytes are verified', async () => {
      const body = JSON.stringify(provider === 'pandadoc' ? [sample.events[0]] : sample.events[0], null, 2); // whitespace a re-serialization would lose
      const { status, json: answer } = await server.post(at(body, current, '/captured'), body, { ...json, ...current.sign(body) });
      assert.equal(status, 200, JSON.stringify(answer));
      assert.deepEqual(answer.event.payload, sample.events[0]);
      const tampered = await server.post(at(body, current, '/captured'), body.trim() + ' ', { ...json, ...current.sign(body) });
      assert.equal(tampered.status, coversBody ? 401 : 200);
    });
  });
}

describe('middleware options', () => {
  const webhook = new Webhook({ provider: 'propper', secret: samples.propper.secret });
  const body = JSON.stringify(samples.propper.events[0]);

  test('maxBodyBytes is enforced while reading, whatever Content-Length says', async () => {
    const big = JSON.stringify({ ...samples.propper.events[0], padding: 'x'.repeat(4096) });
    const declared = await server.post('/small', big, { ...json, ...webhook.sign(big) });
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error, 'PAYLOAD_TOO_LARGE');
    // A chunked upload has no Content-Length: the limit still holds.
    const stream = new Blob([big]).stream();
    const res = await fetch(server.base + '/small', { method: 'POST', body: stream, duplex: 'half', headers: { ...json, ...webhook.sign(big) } });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error, 'PAYLOAD_TOO_LARGE');
    const ok = await server.post('/small', body, { ...json, ...webhook.sign(body) });
    assert.equal(ok.status, 200);
  });

  test('forwardErrors passes the WebhookVerificationError to next()', async () => {
    const { status, json: answer } = await server.post('/forward', body + ' ', { ...json, ...webhook.sign(body) });
    assert.equal(status, 599);
    assert.deepEqual(answer, { forwarded: true, code: 'SIGNATURE_MISMATCH' });
  });

  test('a bad configuration fails when the app is built, not on the first request', () => {
    assert.throws(() => webhookMiddleware({ provider: 'propper' }), { name: 'WebhookVerificationError', code: 'INVALID_CONFIG' });
    assert.throws(() => webhookMiddleware(), { code: 'INVALID_CONFIG' });
  });

  test('an existing Webhook can be passed in', async () => {
    const app = express();
    app.post('/hook', webhookMiddleware({ webhook }), (req, res) => res.json({ id: req.webhook.id }));
    const own = await listen(app);
    try {
      const { status, json: answer } = await own.post('/hook', body, webhook.sign(body));
      assert.equal(status, 200);
      assert.deepEqual(answer, { id: samples.propper.events[0].id });
    } finally {
      await own.close();
    }
  });
});

describe('framework edges get one answer, with or without a body parser', () => {
  const webhook = new Webhook({ provider: 'propper', secret: samples.propper.secret });
  const body = JSON.stringify(samples.propper.events[0]);
  let edge;
  before(async () => {
    const app = express();
    const mw = () => webhookMiddleware({ provider: 'propper', secret: samples.propper.secret });
    const krebit = () => webhookMiddleware({ provider: 'krebit', secret: 'whsec_k', clientId: 'kunde-ø' });
    app.post('/plain', mw(), echo);
    app.post('/captured', express.json({ verify: captureRawBody }), mw(), echo);
    app.post('/text', express.text({ type: '*/*' }), mw(), echo);
    app.post('/raw', express.raw({ type: '*/*' }), mw(), echo);
    app.post('/krebit', krebit(), echo);
    edge = await listen(app);
  });
  after(() => edge.close());

  test('express.text() in front is BODY_NOT_RAW (decoding may change the bytes); express.raw() is fine', async () => {
    const text = await edge.post('/text', body, { ...json, ...webhook.sign(body) });
    assert.equal(text.status, 500);
    assert.equal(text.json.error, 'BODY_NOT_RAW');
    assert.match(text.json.message, /express\.text\(\)/);
    const raw = await edge.post('/raw', body, { ...json, ...webhook.sign(body) });
    assert.equal(raw.status, 200);
  });

  test('a gzip-encoded body verifies the same with and without express.json() in front', async () => {
    const { gzipSync } = await import('node:zlib');
    // A gzip bomb: 8 KB that inflate to 8 MiB, against the default 1 MiB limit. (Made first:
    // under emulation, compressing takes long enough for an idle keep-alive socket to close.)
    const bomb = gzipSync(Buffer.alloc(8 << 20, 0x20));
    assert.ok(bomb.length < 1 << 20);
    const headers = { ...json, 'Content-Encoding': 'gzip', ...webhook.sign(body) };
    for (const path of ['/plain', '/captured']) {
      const res = await edge.post(path, gzipSync(body), headers);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.equal(res.json.event.id, samples.propper.events[0].id);
    }
    // Decoding stops one byte past the limit: the bomb is PAYLOAD_TOO_LARGE.
    const res = await edge.post('/plain', bomb, { ...json, 'Content-Encoding': 'gzip', ...webhook.sign(body) });
    assert.equal(res.status, 413);
    assert.equal(res.json.error, 'PAYLOAD_TOO_LARGE');
    // A body that is not the gzip it says it is: 400 INVALID_PAYLOAD, as in the Python helpers.
    const corrupt = await edge.post('/plain', gzipSync(body).subarray(0, 20), headers);
    assert.deepEqual([corrupt.status, corrupt.json?.error], [400, 'INVALID_PAYLOAD']);
  });

  test('a non-ASCII client id is compared as UTF-8, as in Workers and Python', async () => {
    const krebit = new Webhook({ provider: 'krebit', secret: 'whsec_k', clientId: 'kunde-ø' });
    const kbody = JSON.stringify({ id: 'evt_k', type: 'signing.sent' });
    const { 'X-Signature': sig } = krebit.sign(kbody);
    // fetch sends header strings as Latin-1: this string is the UTF-8 bytes of "kunde-ø".
    const utf8OnTheWire = Buffer.from('kunde-ø', 'utf8').toString('latin1');
    const ok = await edge.post('/krebit', kbody, { ...json, 'X-Signature': sig, 'X-Client-Id': utf8OnTheWire });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.event.clientId, 'kunde-ø');
    const other = await edge.post('/krebit', kbody, { ...json, 'X-Signature': sig, 'X-Client-Id': 'kunde-ø' });
    assert.equal(other.status, 401);
  });
});
