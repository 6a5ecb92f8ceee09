// Loads the shared vectors in tests/vectors/ and turns a case into JS arguments.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));

/** Every case of every vector file, each tagged with its file name. */
export function loadCases() {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const doc = JSON.parse(readFileSync(dir + file, 'utf8'));
      return doc.cases.map((c) => ({ ...c, file }));
    });
}

export function base64Bytes(b64) {
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** The constructor options a case describes, in the JS API's spelling. */
export function options(c) {
  const secrets = c.secrets.map((s) => (typeof s === 'string' ? s : base64Bytes(s.base64)));
  const opts = { provider: c.provider, secrets };
  const o = c.options || {};
  if ('client_id' in o) opts.clientId = o.client_id;
  if ('tolerance' in o) opts.tolerance = o.tolerance;
  if ('max_body_bytes' in o) opts.maxBodyBytes = o.max_body_bytes;
  if ('require_authentication' in o) opts.requireAuthentication = o.require_authentication;
  return opts;
}

/** The raw body of a case: its exact text, its exact bytes, or (bindings only) a parsed object. */
export function body(c) {
  if ('body' in c) return c.body;
  if ('body_base64' in c) return base64Bytes(c.body_base64);
  return c.body_parsed;
}

/** The headers as Node's `req.headers` has them: lowercase names, repeats as arrays. */
export function nodeStyleHeaders(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (key in out) out[key] = [].concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

const camel = (s) => s.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());

/** A vector's expected event (snake_case) in the JS spelling (camelCase). */
export function camelCase(value) {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelCase(v)]));
}

export const EVENT_FIELDS = [
  'provider', 'id', 'idSource', 'type', 'kind', 'occurredAt', 'document', 'signer',
  'reason', 'downloadUrl', 'organizationId', 'clientId', 'authentication',
];

/** The event's fields except `payload`, copied into plain objects for comparison. */
export function eventFields(event) {
  const out = {};
  for (const k of EVENT_FIELDS) {
    const v = event[k];
    out[k] = v !== null && typeof v === 'object' ? { ...v } : v;
  }
  return out;
}
