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
    const event = webhook.verify(body(c), headers, { now: c.now });
    return { event };
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
  assert.ok(outcome.event, `expected an event, got ${JSON.stringify(outcome)}`);
  assert.deepEqual(eventFields(outcome.event), camelCase(c.expect.event));
  // Only cases that expect an event have a body that is safe to JSON.parse.
  assert.deepEqual(outcome.event.payload, JSON.parse(new TextDecoder().decode(bytesOf(body(c)))));
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
