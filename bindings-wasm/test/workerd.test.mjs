// signhook-wasm in Cloudflare's Workers runtime (workerd): Workers that import the package
// receive signed requests over loopback and answer with the SPEC's statuses.
// Requests are signed here with node:crypto, as each provider documents it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startWorker } from './workerd.mjs';

const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8')).providers;

/** How each provider signs: its header and the value it puts there. */
const signers = {
  krebit: (secret, body) => ({ 'X-Signature': hmac(secret, body) }),
  sajn: (secret, body) => ({ 'X-Sajn-Signature': hmac(secret, body) }),
  propper: (secret, body) => ({ 'X-Propper-Signature': `sha256=${hmac(secret, body)}` }),
};
const hmac = (secret, body) => createHmac('sha256', secret).update(body).digest('hex');

const LIMIT = 256 * 1024;

/** A sample event padded with an unmapped field to about `size` bytes (kept in payload). */
function padded(event, size) {
  const body = JSON.stringify({ ...event, attachment: '' });
  return body.replace('"attachment":""', `"attachment":"${'A'.repeat(Math.max(0, size - body.length))}"`);
}

describe('a Worker with one verifier per provider (demo/worker.js)', () => {
  let worker;
  before(async () => {
    // Every provider rotating: the current and the previous secret are both accepted.
    const config = {};
    for (const [provider, sample] of Object.entries(samples)) {
      config[provider] = { secrets: [sample.secret, sample.previous_secret], maxBodyBytes: LIMIT };
      if (sample.client_id) config[provider].clientId = sample.client_id;
    }
    worker = await startWorker('demo/worker.js', { SIGNHOOK_CONFIG: config });
  });
  after(() => worker.mf.dispose());

  async function deliver(provider, body, headers) {
    const extra = samples[provider].client_id ? { 'X-Client-Id': samples[provider].client_id } : {};
    const res = await fetch(new URL(`/webhooks/${provider}`, worker.url), {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', ...extra, ...headers },
    });
    return { status: res.status, json: await res.json() };
  }

  for (const provider of Object.keys(signers)) {
    const sample = samples[provider];
    const sign = signers[provider];
    const first = sample.events[0];
    const body = JSON.stringify(first);
    const type = first.type ?? first.event;

    describe(provider, () => {
      test('a valid delivery is 200 with the normalized event', async () => {
        const { status, json } = await deliver(provider, body, sign(sample.secret, body));
        assert.equal(status, 200, JSON.stringify(json));
        assert.equal(json.type, type);
        assert.match(json.kind, /^document\./);
        if (first.id) assert.equal(json.id, first.id);
      });

      test('every sample event is accepted, ids are stable across redeliveries', async () => {
        const ids = [];
        for (const event of sample.events) {
          const text = JSON.stringify(event);
          const once = await deliver(provider, text, sign(sample.secret, text));
          const again = await deliver(provider, text, sign(sample.secret, text));
          assert.equal(once.status, 200, JSON.stringify(once.json));
          assert.equal(again.json.id, once.json.id);
          ids.push(once.json.id);
        }
        assert.equal(new Set(ids).size, ids.length, 'distinct events have distinct ids');
      });

      test('a tampered body is 401 SIGNATURE_MISMATCH', async () => {
        const tampered = body.replace(type, `${type}.forged`);
        const { status, json } = await deliver(provider, tampered, sign(sample.secret, body));
        assert.equal(status, 401);
        assert.equal(json.error, 'SIGNATURE_MISMATCH');
      });

      test('a body signed with another secret is 401 SIGNATURE_MISMATCH', async () => {
        const { status, json } = await deliver(provider, body, sign('whsec_someone_else', body));
        assert.equal(status, 401);
        assert.equal(json.error, 'SIGNATURE_MISMATCH');
      });

      test('a body signed with the previous secret passes while rotating', async () => {
        const { status, json } = await deliver(provider, body, sign(sample.previous_secret, body));
        assert.equal(status, 200, JSON.stringify(json));
        assert.equal(json.type, type);
      });

      test('a request without the signature header is 401 MISSING_SIGNATURE', async () => {
        const { status, json } = await deliver(provider, body, {});
        assert.equal(status, 401);
        assert.equal(json.error, 'MISSING_SIGNATURE');
      });

      test('a body over maxBodyBytes is 413 PAYLOAD_TOO_LARGE', async () => {
        const big = padded(first, LIMIT + 1);
        const { status, json } = await deliver(provider, big, sign(sample.secret, big));
        assert.equal(status, 413);
        assert.equal(json.error, 'PAYLOAD_TOO_LARGE');
      });

      test('large bodies (hashed with WebCrypto) are decided the same way', async () => {
        const large = padded(first, LIMIT - 1024);
        const ok = await deliver(provider, large, sign(sample.secret, large));
        assert.equal(ok.status, 200, JSON.stringify(ok.json));
        assert.equal(ok.json.type, type);
        const rotated = await deliver(provider, large, sign(sample.previous_secret, large));
        assert.equal(rotated.status, 200, JSON.stringify(rotated.json));
        const tampered = large.replace('AAAA', 'AAAB');
        const bad = await deliver(provider, tampered, sign(sample.secret, large));
        assert.equal(bad.status, 401);
        assert.equal(bad.json.error, 'SIGNATURE_MISMATCH');
        const missing = await deliver(provider, large, {});
        assert.equal(missing.json.error, 'MISSING_SIGNATURE');
      });
    });
  }

  test('krebit: a wrong X-Client-Id is 401 CLIENT_ID_MISMATCH', async () => {
    const body = JSON.stringify(samples.krebit.events[0]);
    const { status, json } = await deliver('krebit', body, { ...signers.krebit(samples.krebit.secret, body), 'X-Client-Id': 'client_other' });
    assert.equal(status, 401);
    assert.equal(json.error, 'CLIENT_ID_MISMATCH');
  });

  test('a signed body that is not a JSON object is 400 INVALID_PAYLOAD', async () => {
    const body = '["not", "an", "object"]';
    const { status, json } = await deliver('propper', body, signers.propper(samples.propper.secret, body));
    assert.equal(status, 400);
    assert.equal(json.error, 'INVALID_PAYLOAD');
  });
});

describe('the same Worker, for providers that ask more of a request or of its answer', () => {
  const API_KEY = 'dropbox-sign-api-key-0f1e2d3c4b5a';
  const CLIENT_ID = 'CBJCHBCAABAAq3ZKz8mQ1vV7pTn0xW4rYb9LsE2dFg6H';
  const DOCUSIGN = ['docusign-connect-key-new', 'docusign-connect-key-old'];
  let worker;
  before(async () => {
    worker = await startWorker('demo/worker.js', {
      SIGNHOOK_CONFIG: {
        dropboxsign: { secret: API_KEY },
        adobesign: { clientId: CLIENT_ID },
        docusign: { secret: DOCUSIGN[1] },
      },
    });
  });
  after(() => worker.mf.dispose());
  const at = (provider) => new URL(`/webhooks/${provider}`, worker.url);

  /** A Dropbox Sign callback as it sends one: a form whose `json` field holds the event. */
  function dropbox(type, key = API_KEY) {
    const time = '1767225420';
    const json = JSON.stringify({
      event: { event_type: type, event_time: time, event_hash: createHmac('sha256', key).update(time + type).digest('hex') },
      signature_request: { signature_request_id: 'sr_42', title: 'Purchase Agreement' },
    });
    const form = new FormData();
    form.append('json', json);
    return form;
  }

  test('Dropbox Sign: a multipart callback is answered with exactly its text', async () => {
    const res = await fetch(at('dropboxsign'), { method: 'POST', body: dropbox('signature_request_all_signed') });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'Hello API Event Received');
    const stranger = await fetch(at('dropboxsign'), { method: 'POST', body: dropbox('signature_request_all_signed', 'other-key') });
    assert.equal(stranger.status, 401);
    assert.equal((await stranger.json()).error, 'SIGNATURE_MISMATCH');
  });

  test('Adobe: the GET check and each notification echo the client id; another id is 401', async () => {
    const check = await fetch(at('adobesign'), { headers: { 'X-AdobeSign-ClientId': CLIENT_ID } });
    assert.equal(check.status, 200);
    assert.equal(check.headers.get('x-adobesign-clientid'), CLIENT_ID);
    const body = JSON.stringify({ webhookNotificationId: 'n1', event: 'AGREEMENT_ACTION_COMPLETED', eventDate: '2025-12-31T23:59:00Z' });
    const res = await fetch(at('adobesign'), { method: 'POST', body, headers: { 'X-AdobeSign-ClientId': CLIENT_ID } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-adobesign-clientid'), CLIENT_ID);
    assert.deepEqual(await res.json(), { kind: 'document.signed', id: 'n1', type: 'AGREEMENT_ACTION_COMPLETED' });
    const wrong = await fetch(at('adobesign'), { headers: { 'X-AdobeSign-ClientId': 'someone-else' } });
    assert.equal(wrong.status, 401);
    assert.equal((await wrong.json()).error, 'CLIENT_ID_MISMATCH');
  });

  test('DocuSign: the matching key may sit in any X-DocuSign-Signature-N header', async () => {
    const body = JSON.stringify({ event: 'envelope-sent', generatedDateTime: '2025-12-31T23:58:50Z', data: { envelopeId: 'env_1' } });
    const sig = (key) => createHmac('sha256', key).update(body).digest('base64');
    const res = await fetch(at('docusign'), {
      method: 'POST',
      body,
      headers: { 'X-DocuSign-Signature-1': sig(DOCUSIGN[0]), 'X-DocuSign-Signature-2': sig(DOCUSIGN[1]) },
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).kind, 'document.sent');
    const onlyNew = await fetch(at('docusign'), { method: 'POST', body, headers: { 'X-DocuSign-Signature-1': sig(DOCUSIGN[0]) } });
    assert.equal(onlyNew.status, 401);
  });
});
