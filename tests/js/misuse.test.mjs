// The misuse vectors (tests/vectors/misuse.json, the rules of docs/arguments.md) through the
// JavaScript API, on every engine (tests/js/impl.mjs). Each case is one call with one argument
// a caller can get wrong; the answer must be the case's: a WebhookVerificationError code,
// JavaScript's own TypeError, or an event (the events, for verifyAll). The Python suite
// (bindings-python/tests/test_misuse.py) and the core (core/tests/misuse.rs) run the same file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Webhook, WebhookVerificationError, implName } from './impl.mjs';

const file = new URL('../vectors/misuse.json', import.meta.url);
const cases = JSON.parse(readFileSync(file, 'utf8')).misuse.filter((c) => c.only === undefined || c.only === 'js');

// Where the JavaScript API answers differently from docs/arguments.md today: the case and the
// answer it gives. Each is checked to still give exactly that answer, so that a fix (or another
// change) fails here until its line is removed.
const KNOWN = {};

const bytesOf = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

/** A bytes value in the container the case names. */
function bytesValue(v) {
  const u8 = bytesOf(v.base64);
  switch (v.as) {
    case undefined:
      return u8;
    case 'Buffer':
      return Buffer.from(u8);
    case 'ArrayBuffer':
      return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
    case 'DataView':
      return new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    case 'SharedArrayBuffer': {
      const shared = new SharedArrayBuffer(u8.byteLength);
      new Uint8Array(shared).set(u8);
      return shared;
    }
    case 'Uint16Array':
      return new Uint16Array(u8.buffer, u8.byteOffset, u8.byteLength / 2);
    default:
      throw new Error(`unknown bytes container ${v.as}`);
  }
}

/** A header object that can only be asked for one header at a time, case-insensitively. */
function lookupOnly(pairs) {
  return {
    get(name) {
      const found = pairs.find(([n]) => n.toLowerCase() === String(name).toLowerCase());
      return found === undefined ? null : found[1];
    },
  };
}

/** A case's value as JavaScript has it (tests/vectors/MISUSE.md lists the tagged values). */
async function value(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== null && typeof v[i] === 'object' && v[i].$ === 'hole') continue;
      out[i] = await value(v[i]);
    }
    return out;
  }
  switch (v.$) {
    case undefined:
      return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await value(x)])));
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'undefined':
      return undefined;
    case 'bigint':
      return BigInt(v.value);
    case 'json':
      return JSON.parse(v.text);
    case 'bytes':
      return bytesValue(v);
    case 'lookup':
      return lookupOnly(await value(v.pairs));
    case 'map':
      return new Map(await value(v.pairs));
    case 'request': {
      const request = new Request('https://example.com/webhooks', {
        method: 'POST',
        body: v.body,
        headers: v.headers,
      });
      if (v.used) await request.text();
      return request;
    }
    default:
      throw new Error(`no JavaScript value for ${JSON.stringify(v)}`);
  }
}

const camel = (s) => s.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());

/** Runs one case; returns its outcome in the `expect` shape and the error, if any. */
async function run(c) {
  try {
    let webhook;
    if ('constructor_args' in c) {
      webhook = new Webhook(...(await value(c.constructor_args)));
    } else {
      const options = {};
      for (const [k, v] of Object.entries(c.options)) options[camel(k)] = await value(v);
      webhook = new Webhook(options);
    }
    let event;
    if ('verify_request' in c) {
      const request = await value(c.verify_request);
      event = await ('now' in c ? webhook.verifyRequest(request, { now: await value(c.now) }) : webhook.verifyRequest(request));
    } else {
      const args = [await value(c.body)];
      if ('headers' in c) args.push(await value(c.headers));
      if ('now' in c || 'url' in c) {
        const options = {};
        if ('now' in c) options.now = await value(c.now);
        if ('url' in c) options.url = await value(c.url);
        if (args.length === 1) args.push(undefined);
        args.push(options);
      }
      if (c.verify_all) return { outcome: { events: webhook.verifyAll(...args).map((e) => ({ id: e.id })) } };
      event = webhook.verify(...args);
    }
    return { outcome: { event: { id: event.id } } };
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { outcome: { error: err.code }, err };
    if (err instanceof TypeError) return { outcome: { throws: 'TypeError' }, err };
    return { outcome: { throws: String(err && err.name) }, err };
  }
}

test('the misuse vectors are all here', () => {
  assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  for (const name of Object.keys(KNOWN)) assert.ok(cases.some((c) => c.name === name), `KNOWN names no case: ${name}`);
});

describe(`misuse.json (${implName})`, () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      const { outcome, err } = await run(c);
      if (c.name in KNOWN) {
        t.diagnostic(`known divergence from docs/arguments.md: expected ${JSON.stringify(c.expect)}, gives ${JSON.stringify(outcome)}`);
        assert.deepEqual(
          outcome,
          KNOWN[c.name],
          `${c.name} no longer gives its known answer ${JSON.stringify(KNOWN[c.name])}; ` +
            `if it now gives ${JSON.stringify(c.expect)} as docs/arguments.md says, remove it from KNOWN`,
        );
        return;
      }
      assert.deepEqual(outcome, c.expect, `${c.description}${err ? ` (${err.name}: ${err.message})` : ''}`);
      if (err) {
        const shown = [err.message, String(err)];
        for (const text of c.not_echoed || []) {
          for (const s of shown) assert.ok(!s.includes(text), `the error repeats ${JSON.stringify(text)}: ${s}`);
        }
        if (c.message_names_option !== undefined) {
          const option = camel(c.message_names_option);
          assert.ok(err.message.includes(option), `the message should name ${option}: ${err.message}`);
        }
        for (const text of c.message_contains || []) {
          assert.ok(err.message.includes(text), `the message should name ${JSON.stringify(text)}: ${err.message}`);
        }
      }
    });
  }
});
