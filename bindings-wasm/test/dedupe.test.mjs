// signhook-wasm's DedupeGuard in workerd, on the SignhookDedupe Durable Object
// (signhook-wasm/cloudflare): each Propper event runs its handler once, whatever the
// redeliveries and however they overlap; a failed run is released for the retry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWorker } from './workerd.mjs';

const SECRET = 'whsec_dedupe_worker';
const sign = (body) => ({ 'X-Propper-Signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` });
const delivery = (id) => JSON.stringify({ id, type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc' } } });

let worker;
before(async () => {
  worker = await startWorker('test/dedupe-worker.js', { WEBHOOK_SECRET: SECRET, LEASE_MS: '10000' }, {
    durableObjects: { SIGNHOOK_DEDUPE: 'SignhookDedupe' },
  });
});
after(() => worker.mf.dispose());

const post = async (body) => {
  const res = await fetch(worker.url, { method: 'POST', body, headers: sign(body) });
  return { status: res.status, json: await res.json() };
};
const runsOf = async (id) => (await (await fetch(new URL(`/runs/${id}`, worker.url))).json()).runs;

test('a redelivery of a processed event is a duplicate; the handler ran once', async () => {
  const body = delivery('evt_do_1');
  assert.deepEqual(await post(body), { status: 200, json: { received: 'evt_do_1', run: 1 } });
  assert.deepEqual(await post(body), { status: 200, json: { received: 'evt_do_1', duplicate: true } });
  assert.equal(await runsOf('evt_do_1'), 1);
});

test('100 events delivered 3 times at once: every handler runs exactly once, overlaps get 503', async () => {
  const ids = Array.from({ length: 100 }, (_, i) => `evt_do_many_${i}`);
  const answers = {};
  await Promise.all(ids.flatMap((id) => [0, 1, 2].map(async () => {
    for (;;) {
      const { status, json } = await post(delivery(id));
      const key = `${status} ${json.error ?? (json.duplicate ? 'duplicate' : 'processed')}`;
      answers[key] = (answers[key] ?? 0) + 1;
      if (status === 200) return;
      assert.equal(status, 503, key);
      await sleep(10);
    }
  })));
  const runs = await Promise.all(ids.map(runsOf));
  assert.deepEqual([...new Set(runs)], [1], JSON.stringify(answers));
  assert.equal(answers['200 processed'], 100);
  assert.equal(answers['200 duplicate'], 200);
  assert.ok(answers['503 EVENT_IN_PROGRESS'] > 0, JSON.stringify(answers));
});

test('a handler that fails is released: the retry runs it, then it is done', async () => {
  const body = delivery('evt_flaky_do');
  assert.equal((await post(body)).status, 500);
  assert.deepEqual(await post(body), { status: 200, json: { received: 'evt_flaky_do', run: 2 } });
  assert.equal((await post(body)).json.duplicate, true);
});

test('a delivery that never finishes holds the event only for its lease; then a retry runs it', async () => {
  const short = await startWorker('test/dedupe-worker.js', { WEBHOOK_SECRET: SECRET, LEASE_MS: '300' }, {
    durableObjects: { SIGNHOOK_DEDUPE: 'SignhookDedupe' },
  });
  try {
    const body = delivery('evt_hang_do');
    const send = () => fetch(short.url, { method: 'POST', body, headers: sign(body) });
    const hung = send().catch(() => 'gave up');
    await sleep(100);
    const during = await send();
    assert.deepEqual([during.status, (await during.json()).error], [503, 'EVENT_IN_PROGRESS']);
    await sleep(350); // past the lease
    const retry = await send();
    assert.deepEqual([retry.status, await retry.json()], [200, { received: 'evt_hang_do', run: 2 }]);
    void hung;
  } finally {
    await short.mf.dispose();
  }
});
