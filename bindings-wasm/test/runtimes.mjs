// The shared vectors (tests/vectors/) through signhook-wasm, imported by its package name so
// that the runtime picks its own export condition: `deno` in Deno (no permission needed to
// load the module), `bun` in Bun, `node` in Node. No test framework, so that every runtime
// runs exactly this file; prints "N passed, N failed" and exits non-zero on any failure.
//
//   deno run --allow-read=../tests/vectors test/runtimes.mjs      (from bindings-wasm/)
//   bun test/runtimes.mjs
//   bun test/runtimes.mjs ../../bindings-node/index.mjs native      (the native `signhook`)
// Imported statically: Deno lets a program's own module graph load without permissions.
import * as wasmPackage from 'signhook-wasm';
import { loadCases, options, body, nodeStyleHeaders, camelCase, eventFields } from '../../tests/js/vectors.mjs';

const [name = 'signhook-wasm', expectedEngine = 'wasm'] = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const { Webhook, WebhookVerificationError, engine } = name === 'signhook-wasm' ? wasmPackage : await import(name);
const runtime = typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.version}`;

function run(c, headers) {
  try {
    const webhook = new Webhook(options(c));
    const opts = { now: c.now, url: c.url };
    // A case that expects several events runs verifyAll; the others verify.
    if ('events' in c.expect) return { events: webhook.verifyAll(body(c), headers, opts) };
    return { event: webhook.verify(body(c), headers, opts) };
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) return { thrown: String(err) };
    return { error: err.code };
  }
}

const bytesOf = (b) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function problem(c, outcome) {
  if ('error' in c.expect) return same(outcome, { error: c.expect.error }) ? null : outcome;
  // The payload is the body, or its i-th element when the body is an array of events.
  const parsed = JSON.parse(c.payload ?? new TextDecoder().decode(bytesOf(body(c))));
  const payloadOf = (i) => (Array.isArray(parsed) ? parsed[i] : parsed);
  const events = 'events' in c.expect ? outcome.events : outcome.event && [outcome.event];
  const expected = 'events' in c.expect ? c.expect.events : [c.expect.event];
  if (!events) return outcome;
  if (!same(events.map(eventFields), expected.map(camelCase))) return events.map(eventFields);
  return events.every((e, i) => same(e.payload, payloadOf(i))) ? null : { payloads: events.map((e) => e.payload) };
}

const cases = loadCases();
let passed = 0;
let failed = 0;
for (const c of cases) {
  for (const headers of [c.headers, nodeStyleHeaders(c.headers)]) {
    const wrong = problem(c, run(c, headers));
    if (wrong === null) passed++;
    else {
      failed++;
      console.log(`FAIL ${c.file} ${c.name}: expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(wrong)}`);
    }
  }
}
if (engine !== expectedEngine || cases.length < 183) {
  failed++;
  console.log(`FAIL: engine ${engine}, ${cases.length} cases`);
}
console.log(`${name} (${engine} engine) in ${runtime}: ${cases.length} vectors, two header shapes each`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) throw new Error(`${failed} vector checks failed`);
