// The JavaScript side of the differential test: reads cases as JSON lines on stdin and prints
// one outcome per line ({id, error} or {id, event, payload}, the event in snake_case).
//
//   node tests/differential/runner.mjs native|fallback|wasm < cases.jsonl
//
// native: `signhook` on its native engine; fallback: `signhook` forced onto its WebAssembly
// engine (SIGNHOOK_ENGINE=wasm); wasm: the `signhook-wasm` package. Text bodies are passed as
// strings and other bodies as bytes; headers take each shape a framework hands over (pairs,
// req.headers, req.rawHeaders, a Map), and a third of the cases go through verifyRequest with
// a Fetch Request, so that every input path is exercised.
import { readFileSync } from 'node:fs';

const which = process.argv[2] || 'native';
const entries = {
  native: ['../../bindings-node/index.mjs', 'native'],
  fallback: ['../../bindings-node/index.mjs', 'wasm'],
  wasm: ['../../bindings-wasm/pkg/node.js', 'wasm'],
};
if (!(which in entries)) throw new Error(`usage: runner.mjs ${Object.keys(entries).join('|')}`);
if (which === 'fallback') process.env.SIGNHOOK_ENGINE = 'wasm';
const [entry, expectedEngine] = entries[which];
const { Webhook, WebhookVerificationError, engine } = await import(new URL(entry, import.meta.url));
if (engine !== expectedEngine) throw new Error(`${which} runs on the ${engine} engine`);

const snake = (s) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const FIELDS = ['provider', 'id', 'idSource', 'type', 'kind', 'occurredAt', 'document', 'signer',
  'reason', 'downloadUrl', 'organizationId', 'clientId', 'authentication'];

function snakeObject(value) {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), v]));
}

function nodeStyleHeaders(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(out, key)) out[key] = [].concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

/** The headers in one of the shapes frameworks hand over, chosen by the case's id. */
function headersOf(c) {
  switch (c.id % 4) {
    case 0:
      return c.headers; // [name, value] pairs
    case 1:
      return nodeStyleHeaders(c.headers); // req.headers
    case 2:
      return c.headers.flat(); // req.rawHeaders
    default:
      return new Map(Object.entries(nodeStyleHeaders(c.headers)));
  }
}

// A Fetch Request carries only header values that are byte strings without CR, LF or NUL, and
// drops the surrounding spaces and tabs; cases with other values are verified directly.
const requestSafe = (c) => c.headers.every(([n, v]) => /^[\x21-\x7e]+$/.test(n) && !/[^\x01-\x09\x0b\x0c\x0e-\xff]/.test(v));

async function run(c) {
  const o = c.options || {};
  const options = {
    provider: c.provider,
    secrets: c.secrets.map((s) => (typeof s === 'string' ? s : Buffer.from(s.base64, 'base64'))),
  };
  if ('client_id' in o) options.clientId = o.client_id;
  if ('tolerance' in o) options.tolerance = o.tolerance;
  if ('max_body_bytes' in o) options.maxBodyBytes = o.max_body_bytes;
  try {
    const webhook = new Webhook(options);
    const bytes = 'body' in c ? undefined : new Uint8Array(Buffer.from(c.body_base64, 'base64'));
    let event;
    if (c.id % 3 === 2 && requestSafe(c)) {
      // verifyRequest: reads the body stream (hashing large bodies with WebCrypto on the
      // WebAssembly engine).
      const request = new Request('https://example.com/webhooks', {
        method: 'POST',
        body: bytes ?? new TextEncoder().encode(c.body),
        headers: c.headers,
      });
      event = await webhook.verifyRequest(request, { now: c.now });
    } else {
      event = webhook.verify(bytes ?? c.body, headersOf(c), { now: c.now });
    }
    const fields = {};
    for (const k of FIELDS) fields[snake(k)] = snakeObject(event[k]);
    return { id: c.id, event: fields, payload: event.payload };
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) return { id: c.id, crash: `${err.name}: ${err.message}` };
    return { id: c.id, error: err.code };
  }
}

const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  out.push(JSON.stringify(await run(JSON.parse(line))));
}
process.stdout.write(out.join('\n') + '\n');
