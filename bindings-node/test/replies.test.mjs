// Providers that ask more of a request or of its answer, through every Node helper on a real
// server: Dropbox Sign (a multipart/form-data body, and the exact answer it requires), Adobe
// Acrobat Sign (its client id echoed, and the GET with which it checks a new URL), DocuSign
// (one signature header per active key). Run against each package and engine (SIGNHOOK_IMPL).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import {
  DedupeGuard,
  MemoryStore,
  Webhook,
  fastifyWebhook,
  koaWebhookMiddleware,
  webhookMiddleware,
} from '../../tests/js/impl.mjs';

const API_KEY = 'dropbox-sign-api-key-0f1e2d3c4b5a';
const CLIENT_ID = 'CBJCHBCAABAAq3ZKz8mQ1vV7pTn0xW4rYb9LsE2dFg6H';
const DOCUSIGN_NEW = 'docusign-connect-key-new';
const DOCUSIGN_OLD = 'docusign-connect-key-old';
const HELLO = 'Hello API Event Received';

/** A Dropbox Sign callback: event_hash is the HMAC of event_time + event_type under the API key. */
function dropboxCallback(type, { key = API_KEY, time = '1767225420' } = {}) {
  const eventHash = createHmac('sha256', key).update(time + type).digest('hex');
  return JSON.stringify({
    event: {
      event_type: type,
      event_time: time,
      event_hash: eventHash,
      event_metadata: { related_signature_id: 'sig_1', reported_for_account_id: 'acct_1' },
    },
    signature_request: { signature_request_id: 'sr_42', title: 'Purchase Agreement' },
  });
}

/** As Dropbox Sign sends it: a form whose `json` field holds the callback. */
function form(json) {
  const data = new FormData();
  data.append('json', json);
  return data;
}

const adobeBody = JSON.stringify({
  webhookNotificationId: 'notif_1',
  event: 'AGREEMENT_WORKFLOW_COMPLETED',
  eventDate: '2025-12-31T23:59:00Z',
  agreement: { id: 'agr_1', name: 'MSA', status: 'SIGNED' },
});

const docusignBody = JSON.stringify({
  event: 'envelope-completed',
  generatedDateTime: '2025-12-31T23:58:50Z',
  data: { accountId: 'acc', envelopeId: 'env_1' },
});
const base64Hmac = (key, body) => createHmac('sha256', key).update(body).digest('base64');

/** What each app's handlers do: tell which event they saw, with a 204 or a JSON body. */
const seen = [];

/** The same routes in Express, Fastify and Koa. */
const apps = {
  async express() {
    const app = express();
    const dedupe = new DedupeGuard({ store: new MemoryStore() });
    app.post('/dropbox', webhookMiddleware({ provider: 'dropboxsign', secret: API_KEY, dedupe }), (req, res) => {
      seen.push(req.webhook);
      res.json({ handled: req.webhook.id }); // replaced: Dropbox Sign wants its text
    });
    app.post('/dropbox-fails', webhookMiddleware({ provider: 'dropboxsign', secret: API_KEY }), (_req, res) => {
      res.status(500).json({ error: 'database down' }); // left alone, so Dropbox Sign retries
    });
    app.all('/adobe', webhookMiddleware({ provider: 'adobesign', clientId: CLIENT_ID }), (req, res) => {
      seen.push(req.webhook);
      res.sendStatus(204);
    });
    app.post('/docusign', webhookMiddleware({ provider: 'docusign', secret: DOCUSIGN_OLD }), (req, res) => {
      res.json({ id: req.webhook.id, kind: req.webhook.kind });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
  },
  async fastify() {
    const app = Fastify();
    const dedupe = new DedupeGuard({ store: new MemoryStore() });
    app.register(async (scope) => {
      await scope.register(fastifyWebhook, { provider: 'dropboxsign', secret: API_KEY, dedupe });
      scope.post('/dropbox', async (request) => {
        seen.push(request.webhook);
        return { handled: request.webhook.id };
      });
    });
    app.register(async (scope) => {
      await scope.register(fastifyWebhook, { provider: 'dropboxsign', secret: API_KEY });
      scope.post('/dropbox-fails', async (_request, reply) => reply.code(500).send({ error: 'database down' }));
    });
    app.register(async (scope) => {
      await scope.register(fastifyWebhook, { provider: 'adobesign', clientId: CLIENT_ID });
      const handler = async (request, reply) => {
        seen.push(request.webhook);
        return reply.code(204).send();
      };
      scope.post('/adobe', handler);
      scope.get('/adobe', handler);
    });
    app.register(async (scope) => {
      await scope.register(fastifyWebhook, { provider: 'docusign', secret: DOCUSIGN_OLD });
      scope.post('/docusign', async (request) => ({ id: request.webhook.id, kind: request.webhook.kind }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { base: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
  },
  async koa() {
    const app = new Koa();
    const router = new Router();
    const dedupe = new DedupeGuard({ store: new MemoryStore() });
    router.post('/dropbox', koaWebhookMiddleware({ provider: 'dropboxsign', secret: API_KEY, dedupe }), (ctx) => {
      seen.push(ctx.state.webhook);
      ctx.body = { handled: ctx.state.webhook.id };
    });
    router.post('/dropbox-fails', koaWebhookMiddleware({ provider: 'dropboxsign', secret: API_KEY }), (ctx) => {
      ctx.status = 500;
      ctx.body = { error: 'database down' };
    });
    const adobe = koaWebhookMiddleware({ provider: 'adobesign', clientId: CLIENT_ID });
    const adobeHandler = (ctx) => {
      seen.push(ctx.state.webhook);
      ctx.status = 204;
    };
    router.post('/adobe', adobe, adobeHandler);
    router.get('/adobe', adobe, adobeHandler);
    router.post('/docusign', koaWebhookMiddleware({ provider: 'docusign', secret: DOCUSIGN_OLD }), (ctx) => {
      ctx.body = { id: ctx.state.webhook.id, kind: ctx.state.webhook.kind };
    });
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
  },
};

for (const [framework, start] of Object.entries(apps)) {
  describe(`${framework}: replies and request shapes`, () => {
    let app;
    before(async () => {
      app = await start();
    });
    after(() => app.close());

    test('Dropbox Sign: a multipart callback is verified, and answered with exactly its text', async () => {
      seen.length = 0;
      const json = dropboxCallback('signature_request_all_signed');
      const res = await fetch(`${app.base}/dropbox`, { method: 'POST', body: form(json) });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), HELLO);
      assert.match(res.headers.get('content-type'), /^text\/plain/);
      assert.equal(seen.length, 1, 'the handler ran');
      assert.equal(seen[0].kind, 'document.completed');
      assert.equal(seen[0].authentication, 'hmac-metadata');
      assert.equal(seen[0].document.id, 'sr_42');
      assert.deepEqual(seen[0].payload, JSON.parse(json), 'the payload is the json field, not the form');
    });

    test('Dropbox Sign: a redelivery is answered with the same text, without the handler', async () => {
      seen.length = 0;
      const json = dropboxCallback('signature_request_downloadable', { time: '1767225999' });
      for (let i = 0; i < 2; i += 1) {
        const res = await fetch(`${app.base}/dropbox`, { method: 'POST', body: form(json) });
        assert.equal(res.status, 200);
        assert.equal(await res.text(), HELLO);
      }
      assert.equal(seen.length, 1);
      assert.equal(seen[0].kind, 'document.files_ready');
    });

    test('Dropbox Sign: a failing handler keeps its answer, so the provider retries', async () => {
      const res = await fetch(`${app.base}/dropbox-fails`, { method: 'POST', body: form(dropboxCallback('signature_request_sent')) });
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: 'database down' });
    });

    test('Dropbox Sign: a changed event type or another API key is refused', async () => {
      const json = dropboxCallback('signature_request_sent').replace('signature_request_sent', 'signature_request_all_signed');
      const tampered = await fetch(`${app.base}/dropbox`, { method: 'POST', body: form(json) });
      assert.equal(tampered.status, 401);
      assert.equal((await tampered.json()).error, 'SIGNATURE_MISMATCH');
      const other = dropboxCallback('signature_request_sent', { key: 'someone-elses-key' });
      const stranger = await fetch(`${app.base}/dropbox`, { method: 'POST', body: form(other) });
      assert.equal(stranger.status, 401);
    });

    test('Adobe: the GET that checks a new URL is answered with the client id echoed', async () => {
      seen.length = 0;
      const res = await fetch(`${app.base}/adobe`, { headers: { 'X-AdobeSign-ClientId': CLIENT_ID } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-adobesign-clientid'), CLIENT_ID);
      assert.equal(seen.length, 0, 'the handler does not run for the check');
      const wrong = await fetch(`${app.base}/adobe`, { headers: { 'X-AdobeSign-ClientId': 'someone-else' } });
      assert.equal(wrong.status, 401);
      assert.equal((await wrong.json()).error, 'CLIENT_ID_MISMATCH');
      assert.equal(wrong.headers.get('x-adobesign-clientid'), null);
    });

    test('Adobe: a notification reaches the handler and its answer echoes the client id', async () => {
      seen.length = 0;
      const res = await fetch(`${app.base}/adobe`, {
        method: 'POST',
        body: adobeBody,
        headers: { 'Content-Type': 'application/json', 'X-AdobeSign-ClientId': CLIENT_ID },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('x-adobesign-clientid'), CLIENT_ID);
      assert.equal(seen[0].kind, 'document.completed');
      assert.equal(seen[0].authentication, 'client-id');
      const missing = await fetch(`${app.base}/adobe`, { method: 'POST', body: adobeBody, headers: { 'Content-Type': 'application/json' } });
      assert.equal(missing.status, 401);
      assert.equal((await missing.json()).error, 'CLIENT_ID_MISMATCH');
    });

    test('DocuSign: the key that matches may sit in any numbered signature header', async () => {
      const res = await fetch(`${app.base}/docusign`, {
        method: 'POST',
        body: docusignBody,
        headers: {
          'Content-Type': 'application/json',
          'X-DocuSign-Signature-1': base64Hmac(DOCUSIGN_NEW, docusignBody),
          'X-DocuSign-Signature-2': base64Hmac(DOCUSIGN_OLD, docusignBody),
        },
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).kind, 'document.completed');
      const onlyNew = await fetch(`${app.base}/docusign`, {
        method: 'POST',
        body: docusignBody,
        headers: { 'Content-Type': 'application/json', 'X-DocuSign-Signature-1': base64Hmac(DOCUSIGN_NEW, docusignBody) },
      });
      assert.equal(onlyNew.status, 401);
      assert.equal((await onlyNew.json()).error, 'SIGNATURE_MISMATCH');
    });
  });
}

describe('Webhook.reply and Webhook.handshake, for handlers of your own', () => {
  test('the replies each provider requires', () => {
    assert.deepEqual(new Webhook({ provider: 'dropboxsign', secret: API_KEY }).reply(), {
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      alwaysHeaders: {},
      body: HELLO,
    });
    const adobe = new Webhook({ provider: 'adobesign', clientId: CLIENT_ID });
    const echo = { 'X-AdobeSign-ClientId': CLIENT_ID };
    assert.deepEqual(adobe.reply(), { status: 200, headers: echo, alwaysHeaders: echo, body: null });
    const propper = new Webhook({ provider: 'propper', secret: 'whsec_x' });
    assert.deepEqual(propper.reply(), { status: 200, headers: {}, alwaysHeaders: {}, body: null });
  });

  test('a handshake checks the client id; providers without one answer null', () => {
    const adobe = new Webhook({ provider: 'adobesign', clientId: CLIENT_ID });
    assert.equal(adobe.hasHandshake, true);
    assert.equal(adobe.handshake({ 'x-adobesign-clientid': CLIENT_ID }).headers['X-AdobeSign-ClientId'], CLIENT_ID);
    assert.throws(() => adobe.handshake({ 'x-adobesign-clientid': 'other' }), { code: 'CLIENT_ID_MISMATCH', status: 401 });
    const propper = new Webhook({ provider: 'propper', secret: 'whsec_x' });
    assert.equal(propper.hasHandshake, false);
    assert.equal(propper.handshake({}), null);
  });

  test('Adobe takes a client id and no secret', () => {
    assert.throws(() => new Webhook({ provider: 'adobesign', secret: 'x', clientId: CLIENT_ID }), { code: 'INVALID_CONFIG' });
    assert.throws(() => new Webhook({ provider: 'adobesign' }), { code: 'INVALID_CONFIG' });
  });
});
