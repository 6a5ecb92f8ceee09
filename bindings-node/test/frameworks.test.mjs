// The Fastify plugin and the Koa middleware against real Fastify and Koa servers on loopback,
// run against each JavaScript package and engine (SIGNHOOK_IMPL, see tests/js/impl.mjs).
// Requests are signed with node:crypto, as Propper documents it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Fastify from 'fastify';
import middie from '@fastify/middie';
import Koa from 'koa';
import Router from '@koa/router';
import express from 'express';
import { DedupeGuard, MemoryStore, fastifyWebhook, koaWebhookMiddleware, webhookMiddleware } from '../../tests/js/impl.mjs';

const SECRET = 'whsec_frameworks';
const LIMIT = 2048;
const body = JSON.stringify({
  id: 'evt_fw_1', type: 'document.signed', created: '2026-01-01T09:07:00Z',
  data: { document: { id: 'doc_1', name: 'NDA.pdf' }, signer: { email: 'lee@acme.example' } },
});
const sign = (text, secret = SECRET) => ({
  'X-Propper-Signature': `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`,
});
const json = { 'Content-Type': 'application/json' };

async function post(base, path, payload, headers) {
  const res = await fetch(base + path, { method: 'POST', body: payload, headers, duplex: 'half' });
  const text = await res.text();
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = text;
  }
  return { status: res.status, answer };
}

/** The cases every helper must answer the same way; `path` is the webhook route. */
function commonCases(base, path) {
  test('a genuine delivery reaches the handler with the event', async () => {
    const { status, answer } = await post(base(), path, body, { ...json, ...sign(body) });
    assert.equal(status, 200, JSON.stringify(answer));
    assert.deepEqual(answer, { id: 'evt_fw_1', kind: 'document.signed' });
  });

  test('forged, tampered and unsigned deliveries are 401 with the code', async () => {
    const cases = [
      [body, sign(body, 'whsec_someone_else'), 'SIGNATURE_MISMATCH'],
      [body.replace('NDA', 'NDB'), sign(body), 'SIGNATURE_MISMATCH'],
      [body, {}, 'MISSING_SIGNATURE'],
      [body, { 'X-Propper-Signature': 'sha256=abc' }, 'MALFORMED_SIGNATURE'],
    ];
    for (const [payload, headers, code] of cases) {
      const { status, answer } = await post(base(), path, payload, { ...json, ...headers });
      assert.equal(status, 401, code);
      assert.equal(answer.error, code);
      assert.equal(typeof answer.message, 'string');
    }
  });

  test('over maxBodyBytes is 413 PAYLOAD_TOO_LARGE in signhook\'s shape, declared or chunked', async () => {
    const big = JSON.stringify({ ...JSON.parse(body), padding: 'x'.repeat(LIMIT) });
    const declared = await post(base(), path, big, { ...json, ...sign(big) });
    assert.equal(declared.status, 413);
    assert.equal(declared.answer.error, 'PAYLOAD_TOO_LARGE');
    const chunked = await post(base(), path, new Blob([big]).stream(), { ...json, ...sign(big) });
    assert.equal(chunked.status, 413);
    assert.equal(chunked.answer.error, 'PAYLOAD_TOO_LARGE');
  });
}

describe('Fastify: fastifyWebhook', () => {
  let app;
  let base;
  before(async () => {
    app = Fastify();
    // The rest of the app parses JSON as usual: the plugin's parser is encapsulated.
    app.post('/api/echo', async (request) => ({ parsed: request.body }));
    app.register(async (scope) => {
      await scope.register(fastifyWebhook, { provider: 'propper', secret: SECRET, maxBodyBytes: LIMIT });
      scope.post('/webhooks/propper', async (request) => ({ id: request.webhook.id, kind: request.webhook.kind }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${app.server.address().port}`;
  });
  after(() => app.close());

  commonCases(() => base, '/webhooks/propper');

  test('routes outside the plugin keep Fastify\'s JSON parser', async () => {
    const { status, answer } = await post(base, '/api/echo', body, json);
    assert.equal(status, 200);
    assert.equal(answer.parsed.id, 'evt_fw_1');
  });
});

describe('Fastify with @fastify/middie and the Express middleware', () => {
  test('a genuine delivery finishes (verified, or BODY_NOT_RAW), never hangs', async () => {
    const app = Fastify();
    await app.register(middie);
    app.use('/hook', webhookMiddleware({ provider: 'propper', secret: SECRET }));
    app.post('/hook', async (request) => ({ id: request.raw.webhook?.id ?? null }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${app.server.address().port}`;
      const res = await fetch(base + '/hook', { method: 'POST', body, headers: { ...json, ...sign(body) }, signal: AbortSignal.timeout(5000) });
      const answer = await res.json();
      assert.ok(res.status === 200 || answer.error === 'BODY_NOT_RAW', `${res.status} ${JSON.stringify(answer)}`);
    } finally {
      await app.close();
    }
  });
});

describe('Koa: webhookMiddleware from signhook/koa', () => {
  let server;
  let base;
  before(async () => {
    const app = new Koa();
    const router = new Router();
    router.post(
      '/webhooks/propper',
      koaWebhookMiddleware({ provider: 'propper', secret: SECRET, maxBodyBytes: LIMIT }),
      (ctx) => {
        ctx.body = { id: ctx.state.webhook.id, kind: ctx.state.webhook.kind };
      },
    );
    app.use(router.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  commonCases(() => base, '/webhooks/propper');

  test('a body parser mounted first is BODY_NOT_RAW with a Koa hint', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.request.body = JSON.parse(await new Response(ctx.req).text());
      await next();
    });
    app.use(koaWebhookMiddleware({ provider: 'propper', secret: SECRET }));
    const parsed = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => parsed.once('listening', resolve));
    try {
      const { status, answer } = await post(`http://127.0.0.1:${parsed.address().port}`, '/', body, { ...json, ...sign(body) });
      assert.equal(status, 500);
      assert.equal(answer.error, 'BODY_NOT_RAW');
      assert.match(answer.message, /signhook\/koa/);
    } finally {
      await new Promise((resolve) => parsed.close(resolve));
    }
  });
});

describe('the dedupe option, the same in Express, Fastify and Koa (in-memory store, tests only)', () => {
  /** A handler that counts its runs per event, and fails the first run of `evt_flaky*`. */
  const handler = (runs) => (id) => {
    const n = (runs.get(id) ?? 0) + 1;
    runs.set(id, n);
    return id.startsWith('evt_flaky') && n === 1 ? 500 : 200;
  };
  const servers = {
    async express(dedupe, run) {
      const app = express();
      app.post('/hook', webhookMiddleware({ provider: 'propper', secret: SECRET, dedupe }), (req, res) => {
        res.status(run(req.webhook.id)).json({ id: req.webhook.id });
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
    },
    async fastify(dedupe, run) {
      const app = Fastify();
      app.register(async (scope) => {
        await scope.register(fastifyWebhook, { provider: 'propper', secret: SECRET, dedupe });
        scope.post('/hook', async (request, reply) => reply.code(run(request.webhook.id)).send({ id: request.webhook.id }));
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { base: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
    },
    async koa(dedupe, run) {
      const app = new Koa();
      const router = new Router();
      router.post('/hook', koaWebhookMiddleware({ provider: 'propper', secret: SECRET, dedupe }), (ctx) => {
        ctx.status = run(ctx.state.webhook.id);
        ctx.body = { id: ctx.state.webhook.id };
      });
      app.use(router.routes());
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
    },
  };
  const delivery = (id) => {
    const text = JSON.stringify({ ...JSON.parse(body), id });
    return [text, { ...json, ...sign(text) }];
  };

  for (const [name, serve] of Object.entries(servers)) {
    test(`${name}: the handler runs once; a redelivery is 200 { received, duplicate: true }; a failed run is retried`, async () => {
      const runs = new Map();
      const server = await serve(new DedupeGuard({ store: new MemoryStore() }), handler(runs));
      try {
        const once = delivery('evt_dd_1');
        assert.deepEqual(await post(server.base, '/hook', ...once), { status: 200, answer: { id: 'evt_dd_1' } });
        assert.deepEqual(await post(server.base, '/hook', ...once), { status: 200, answer: { received: 'evt_dd_1', duplicate: true } });
        const flaky = delivery('evt_flaky_1');
        assert.equal((await post(server.base, '/hook', ...flaky)).status, 500);
        assert.equal((await post(server.base, '/hook', ...flaky)).status, 200);
        assert.equal((await post(server.base, '/hook', ...flaky)).answer.duplicate, true);
        assert.deepEqual(Object.fromEntries(runs), { evt_dd_1: 1, evt_flaky_1: 2 });
        // A forged delivery never reaches the guard.
        assert.equal((await post(server.base, '/hook', once[0], { ...json, ...sign(once[0], 'whsec_other') })).status, 401);
      } finally {
        await server.close();
      }
    });
  }

  test('a dedupe option that is not a DedupeGuard is INVALID_CONFIG in every helper', () => {
    for (const make of [
      () => webhookMiddleware({ provider: 'propper', secret: SECRET, dedupe: new MemoryStore() }),
      () => koaWebhookMiddleware({ provider: 'propper', secret: SECRET, dedupe: {} }),
    ]) {
      assert.throws(make, (err) => err.code === 'INVALID_CONFIG' && /DedupeGuard/.test(err.message));
    }
  });
});
