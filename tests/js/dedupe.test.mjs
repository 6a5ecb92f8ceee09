// The deduplication guard's contract, on every engine, with the in-memory store (tests only)
// and stores that fail: claim before the handler, complete after it, release when it fails;
// a processed event is a duplicate, one being processed is EVENT_IN_PROGRESS (503), a store
// that fails is DEDUPE_UNAVAILABLE (503) unless the guard fails open. The same guard against a
// real Redis shared by two servers: bindings-node/test/dedupe.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DedupeGuard, MemoryStore, RedisStore, Webhook, WebhookVerificationError } from './impl.mjs';

const webhook = new Webhook({ provider: 'propper', secret: 'whsec_dedupe' });
let n = 0;
/** A verified Propper event with a fresh id. */
function event(id = `evt_dedupe_${n++}`) {
  const body = JSON.stringify({ id, type: 'document.signed', created: '2026-01-01T09:00:00Z', data: { document: { id: 'doc_1' } } });
  return webhook.verify(body, webhook.sign(body));
}
const codeOf = async (promise) => promise.then(() => 'resolved', (err) => {
  assert.ok(err instanceof WebhookVerificationError, String(err));
  return `${err.code} ${err.status}`;
});

describe('DedupeGuard', () => {
  test('runs the handler once; a redelivery after it is a duplicate', async () => {
    const guard = new DedupeGuard({ store: new MemoryStore() });
    const e = event();
    let runs = 0;
    assert.deepEqual(await guard.run(e, () => ++runs), { duplicate: false, result: 1 });
    assert.deepEqual(await guard.run(e, () => ++runs), { duplicate: true, result: undefined });
    assert.equal(runs, 1);
  });

  test('a redelivery while the first is processed is EVENT_IN_PROGRESS, never a 2xx', async () => {
    const guard = new DedupeGuard({ store: new MemoryStore() });
    const e = event();
    const first = await guard.begin(e);
    assert.equal(first.duplicate, false);
    assert.equal(await codeOf(guard.begin(e)), 'EVENT_IN_PROGRESS 503');
    await first.complete();
    assert.equal((await guard.begin(e)).duplicate, true);
  });

  test('a handler that fails releases the event, and the retry runs it', async () => {
    const guard = new DedupeGuard({ store: new MemoryStore() });
    const e = event();
    await assert.rejects(guard.run(e, () => { throw new Error('database down'); }), /database down/);
    assert.deepEqual(await guard.run(e, () => 'ok'), { duplicate: false, result: 'ok' });
  });

  test('a claim whose process died frees itself after the lease', async () => {
    const guard = new DedupeGuard({ store: new MemoryStore(), leaseMs: 50 });
    const e = event();
    await guard.begin(e); // never completed nor released
    assert.equal(await codeOf(guard.begin(e)), 'EVENT_IN_PROGRESS 503');
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal((await guard.begin(e)).duplicate, false);
  });

  test('a release frees only its own claim', async () => {
    const store = new MemoryStore();
    const guard = new DedupeGuard({ store, leaseMs: 30 });
    const e = event();
    const stale = await guard.begin(e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = await guard.begin(e); // the lease ran out: a retry claims it
    await stale.release(); // the first attempt fails late: must not free the retry's claim
    assert.equal(await codeOf(guard.begin(e)), 'EVENT_IN_PROGRESS 503');
    await current.complete();
  });

  test('keys are namespaced and carry the provider', async () => {
    const keys = [];
    const store = new MemoryStore();
    const spy = { ...Object.fromEntries(['get', 'complete', 'release'].map((m) => [m, (...a) => store[m](...a)])),
      claim: (key, ...rest) => (keys.push(key), store.claim(key, ...rest)) };
    await new DedupeGuard({ store: spy }).run(event('evt_key'), () => {});
    await new DedupeGuard({ store: spy, prefix: 'app1:' }).run(event('evt_key'), () => {});
    assert.deepEqual(keys, ['signhook:dedupe:propper:evt_key', 'app1:propper:evt_key']);
  });

  test('a store that fails is DEDUPE_UNAVAILABLE (503) and the handler does not run', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379 password=hunter2'), { code: 'ECONNREFUSED' });
    const failing = { claim: async () => { throw refused; }, get: async () => null, complete: async () => {}, release: async () => {} };
    let runs = 0;
    const guard = new DedupeGuard({ store: failing });
    const err = await guard.run(event(), () => ++runs).catch((e) => e);
    assert.equal(`${err.code} ${err.status}`, 'DEDUPE_UNAVAILABLE 503');
    assert.match(err.message, /claim: Error \(ECONNREFUSED\)/);
    assert.doesNotMatch(err.message, /hunter2/, 'nothing of the store error but its name and code');
    assert.equal(runs, 0);
    // Fail-open is an explicit choice: the handler runs.
    assert.deepEqual(await new DedupeGuard({ store: failing, failOpen: true }).run(event(), () => ++runs), { duplicate: false, result: 1 });
  });

  test('a store that does not answer times out as DEDUPE_UNAVAILABLE', async () => {
    const silent = { claim: () => new Promise(() => {}), get: async () => null, complete: async () => {}, release: async () => {} };
    const err = await new DedupeGuard({ store: silent, timeoutMs: 30 }).begin(event()).catch((e) => e);
    assert.equal(err.code, 'DEDUPE_UNAVAILABLE');
    assert.match(err.message, /no answer to claim within 30 ms/);
  });

  test('options are checked when the guard is built', () => {
    const codeOfBuild = (options) => {
      try {
        new DedupeGuard(options);
        return 'built';
      } catch (err) {
        return err.code;
      }
    };
    assert.equal(codeOfBuild({ store: new MemoryStore() }), 'built');
    assert.equal(codeOfBuild({}), 'INVALID_CONFIG');
    assert.equal(codeOfBuild({ store: new MemoryStore(), leaseMs: 0 }), 'INVALID_CONFIG');
    assert.equal(codeOfBuild({ store: new MemoryStore(), leaseMs: 1.5 }), 'INVALID_CONFIG');
    assert.equal(codeOfBuild({ store: new MemoryStore(), prefix: '' }), 'INVALID_CONFIG');
    assert.equal(codeOfBuild({ store: new MemoryStore(), timeoutMs: 0 }), 'INVALID_CONFIG');
    assert.equal(codeOfBuild({ store: new MemoryStore(), timeoutMs: '2s' }), 'INVALID_CONFIG');
    assert.throws(() => new RedisStore({}), TypeError);
  });
});

describe('the deduplication vectors (tests/vectors/dedupe.json), through DedupeGuard', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = JSON.parse(readFileSync(new URL('../vectors/dedupe.json', import.meta.url), 'utf8'));
  const camel = { lease_ms: 'leaseMs', retention_ms: 'retentionMs', prefix: 'prefix' };
  for (const c of doc.dedupe) {
    test(c.name, () => {
      const options = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel[k], v]));
      let rules;
      try {
        rules = new DedupeGuard({ store: new MemoryStore(), ...options }).rules(c.provider);
      } catch (err) {
        assert.deepEqual([err.code, err.context.reason], [c.expect.error, c.expect.reason], err.message);
        return;
      }
      assert.equal(c.expect.error, undefined, `expected ${c.expect.error}`);
      if (c.expect.rules) {
        assert.equal(rules.leaseMs, c.expect.rules.lease_ms);
        assert.equal(rules.retentionMs, c.expect.rules.retention_ms);
        for (const [id, key] of c.expect.rules.keys) assert.equal(rules.key(id), key);
      }
      for (const [value, outcome] of c.expect.existing ?? []) {
        const found = rules.onExisting(value);
        if (outcome === 'duplicate') assert.equal(found, 'duplicate');
        else assert.deepEqual([found.code, JSON.parse(found.details).context.retryAfter], [outcome.error, outcome.retry_after]);
      }
    });
  }
});
