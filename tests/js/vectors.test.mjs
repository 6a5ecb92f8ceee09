// Every case of the shared vectors (tests/vectors/) through the JS API. The Rust suite
// (core/tests/vectors.rs) runs the same cases; both must reach each case's `expect`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook, WebhookVerificationError } from './impl.mjs';
import { loadCases, options, body, nodeStyleHeaders, camelCase, eventFields } from './vectors.mjs';

/** Runs one case and returns its outcome in the vectors' `expect` shape. */
function run(c, headers) {
  try {
    const webhook = new Webhook(options(c));
    const opts = { now: c.now, url: c.url };
    // A case that expects several events runs verifyAll; the others verify.
    if ('events' in c.expect) return { events: webhook.verifyAll(body(c), headers, opts) };
    return { event: webhook.verify(body(c), headers, opts) };
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, `${c.name}: ${err}`);
    return { error: err.code };
  }
}

function check(c, outcome) {
  if ('error' in c.expect) {
    assert.deepEqual(outcome, { error: c.expect.error });
    return;
  }
  // Only cases that expect an event have a body that is safe to JSON.parse. The payload is
  // the body (or the form field the case names), or its i-th element when it is an array.
  const parsed = JSON.parse(c.payload ?? new TextDecoder().decode(bytesOf(body(c))));
  const payloadOf = (i) => (Array.isArray(parsed) ? parsed[i] : parsed);
  if ('events' in c.expect) {
    assert.ok(outcome.events, `expected events, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(outcome.events.map(eventFields), c.expect.events.map(camelCase));
    outcome.events.forEach((e, i) => assert.deepEqual(e.payload, payloadOf(i)));
    return;
  }
  assert.ok(outcome.event, `expected an event, got ${JSON.stringify(outcome)}`);
  assert.deepEqual(eventFields(outcome.event), camelCase(c.expect.event));
  assert.deepEqual(outcome.event.payload, payloadOf(0));
}

function bytesOf(b) {
  return typeof b === 'string' ? new TextEncoder().encode(b) : b;
}

const cases = loadCases();

test('the shared vectors are all here', () => {
  assert.ok(cases.length >= 183, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
});

for (const file of [...new Set(cases.map((c) => c.file))]) {
  describe(file, () => {
    for (const c of cases.filter((x) => x.file === file)) {
      test(c.name, () => {
        // Headers as a list of pairs, exactly as the case gives them ...
        check(c, run(c, c.headers));
        // ... and as Node's req.headers object: the outcome must not depend on the shape.
        check(c, run(c, nodeStyleHeaders(c.headers)));
      });
    }
  });
}
