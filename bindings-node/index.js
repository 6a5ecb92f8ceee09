'use strict';
// The JS half of the `signhook` package: the `Webhook` class, the error class and the event
// object, over the native module built from src/lib.rs. Verification, parsing and every
// error message come from the Rust core; this file converts JS values and nothing more.

const native = require('./native.js');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** How to get the raw body in Node, for BODY_NOT_RAW. */
const NODE_HINT =
  'pass the raw request bytes (a Buffer, Uint8Array, ArrayBuffer or string) exactly as received. ' +
  "In Express, mount signhook's middleware, which reads the raw body itself: " +
  "app.post('/webhooks', webhookMiddleware({ provider, secret }), handler) with " +
  "webhookMiddleware from 'signhook/express'; or keep express.json() and capture the bytes " +
  'with express.json({ verify: captureRawBody }), then verify req.rawBody';

/** The same for a Fetch API Request whose body stream was already read. */
const REQUEST_HINT =
  'the request body was already read (request.json(), request.text() or similar); call ' +
  'webhook.verifyRequest(request) before reading it, or pass request.clone()';

/**
 * Why a webhook was rejected, or why a `Webhook` could not be built.
 * `code` is stable across signhook's languages (e.g. `SIGNATURE_MISMATCH`); `status` is the
 * HTTP status to answer with (401, 400, 413 or 500).
 */
class WebhookVerificationError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
Object.defineProperty(WebhookVerificationError.prototype, 'name', {
  value: 'WebhookVerificationError',
  writable: true,
  configurable: true,
});

/** Turns a core failure returned by the native module into a thrown error. */
function raise(failure) {
  throw new WebhookVerificationError(failure.code, failure.message, failure.status);
}

function invalidConfig(detail) {
  raise(native.invalidConfig(detail));
}

const objectTag = (value) => Object.prototype.toString.call(value);

/** Bytes of an ArrayBuffer or any view, as a Uint8Array over the same memory (no copy). */
function asBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const tag = objectTag(value);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(value);
  return undefined;
}

/** The raw body as the native module takes it (string or Uint8Array), or BODY_NOT_RAW. */
function rawBody(body, hint) {
  if (typeof body === 'string') return body;
  const bytes = asBytes(body);
  if (bytes === undefined) raise(native.bodyNotRaw(hint));
  return bytes;
}

/**
 * Headers as the native module reads them: a record (Node's `req.headers`, a plain object;
 * values may be arrays) or a flat `[name, value, ...]` array (Node's `req.rawHeaders`).
 * A Web `Headers`, a `Map`, any iterable of pairs and a list of pairs become the flat form.
 */
function toNativeHeaders(headers) {
  if (headers == null) return [];
  if (typeof headers !== 'object') {
    throw new TypeError('headers must be an object, a Headers, a Map or a list of [name, value] pairs');
  }
  if (!Array.isArray(headers) && typeof headers[Symbol.iterator] !== 'function') return headers;
  const flat = [];
  for (const pair of headers) {
    if (typeof pair === 'string') return headers; // already flat, as Node's req.rawHeaders
    const [name, value] = pair;
    if (Array.isArray(value)) for (const v of value) flat.push(String(name), String(v));
    else flat.push(String(name), String(value));
  }
  return flat;
}

/** Whether a header record's keys are all lowercase (Node's req.headers always is). */
function lowercaseKeys(headers) {
  if (Array.isArray(headers)) return false;
  for (const key in headers) if (key !== key.toLowerCase()) return false;
  return true;
}

/** Positions in the native verdict array (see `slot` in src/lib.rs). */
const PAYLOAD_START = 22;
const PAYLOAD_END = 23;

let utf8Decoder;
function decodeUtf8(bytes) {
  if (typeof Buffer === 'function') {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  utf8Decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return utf8Decoder.decode(bytes);
}

/**
 * A verified webhook. Every field is an own, enumerable data property except `payload`,
 * which parses the verified body text with V8's own JSON.parse on first read, once.
 * (An accessor on each object would cost more than the verification itself; here it lives
 * on the prototype.) `JSON.stringify`, `res.json()` and `console.log` include `payload`.
 */
class WebhookEvent {
  #json;
  #payload;

  constructor(v, json) {
    this.provider = v[0];
    this.id = v[1];
    this.idSource = v[2];
    this.type = v[3];
    this.kind = v[4];
    this.occurredAt = v[5] ?? null;
    this.document =
      v[10] === true
        ? { id: v[11] ?? null, name: v[12] ?? null, status: v[13] ?? null, externalId: v[14] ?? null, completedAt: v[15] ?? null }
        : null;
    this.signer =
      v[16] === true
        ? { id: v[17] ?? null, email: v[18] ?? null, name: v[19] ?? null, signedAt: v[20] ?? null, signatureType: v[21] ?? null }
        : null;
    this.reason = v[6] ?? null;
    this.downloadUrl = v[7] ?? null;
    this.organizationId = v[8] ?? null;
    this.clientId = v[9] ?? null;
    this.#json = json;
  }

  /** The whole JSON body, parsed on first read. */
  get payload() {
    if (this.#json !== undefined) {
      this.#payload = JSON.parse(this.#json);
      this.#json = undefined;
    }
    return this.#payload;
  }

  set payload(value) {
    this.#payload = value;
    this.#json = undefined;
  }

  /** A plain object with every field, `payload` included. */
  toJSON() {
    return { ...this, payload: this.payload };
  }

  [inspectCustom](depth, options, inspect) {
    const shown = this.toJSON();
    return `WebhookEvent ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}
Object.defineProperty(WebhookEvent.prototype, 'payload', {
  ...Object.getOwnPropertyDescriptor(WebhookEvent.prototype, 'payload'),
  enumerable: true,
});

const makeEvent = (v, json) => new WebhookEvent(v, json);

function nowSeconds(options) {
  const now = options == null ? undefined : options.now;
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new TypeError('options.now must be a number of seconds since the Unix epoch');
  }
  return Math.floor(now);
}

const isBytes = (value) => asBytes(value) !== undefined;

/**
 * A configured verifier for one provider. Build it once at startup and reuse it.
 *
 *   const webhook = new Webhook({ provider: 'propper', secret: process.env.PROPPER_SECRET });
 *   const event = webhook.verify(rawBody, req.headers);
 */
/** Lets this package's helpers reach a Webhook's native verifier; not part of the API. */
const nativeOf = Symbol('signhook.native');

class Webhook {
  #native;

  get [nativeOf]() {
    return this.#native;
  }

  constructor(options) {
    if (options === null || typeof options !== 'object') {
      invalidConfig("pass an options object, e.g. new Webhook({ provider: 'propper', secret })");
    }
    const { provider, secret, secrets, clientId, tolerance, maxBodyBytes } = options;
    if (typeof provider !== 'string') {
      invalidConfig('provider must be a string: "krebit", "sajn" or "propper"');
    }
    if (secret !== undefined && secrets !== undefined) {
      invalidConfig('pass either secret or secrets, not both');
    }
    let list = secret !== undefined ? [secret] : secrets === undefined ? [] : secrets;
    if (!Array.isArray(list)) invalidConfig('secrets must be an array of strings or bytes');
    list = list.map((s, i) => {
      if (typeof s === 'string') return s;
      if (isBytes(s)) return asBytes(s);
      return invalidConfig(`secret #${i} must be a string or bytes (Buffer, Uint8Array, ArrayBuffer)`);
    });
    if (clientId != null && typeof clientId !== 'string') invalidConfig('clientId must be a string');
    if (tolerance != null && !Number.isSafeInteger(tolerance)) {
      invalidConfig('tolerance must be a whole number of seconds');
    }
    if (maxBodyBytes != null && !Number.isSafeInteger(maxBodyBytes)) {
      invalidConfig('maxBodyBytes must be a whole number of bytes');
    }
    const made = native.createWebhook(provider, list, clientId ?? null, tolerance ?? null, maxBodyBytes ?? null);
    if (!(made instanceof native.NativeWebhook)) raise(made);
    this.#native = made;
  }

  /** The provider id: `krebit`, `sajn` or `propper`. */
  get provider() {
    return this.#native.provider;
  }

  /** The body limit in bytes (default 1 MiB). */
  get maxBodyBytes() {
    return this.#native.maxBodyBytes;
  }

  /**
   * Verifies the raw body against the headers and returns the event.
   * Throws `WebhookVerificationError` on any failure.
   */
  verify(body, headers, options) {
    const raw = rawBody(body, NODE_HINT);
    const now = nowSeconds(options);
    const h = toNativeHeaders(headers);
    const lower = lowercaseKeys(h);
    if (typeof raw === 'string') {
      const v = this.#native.verifyText(raw, h, lower, now);
      if (!Array.isArray(v)) raise(v);
      const start = v[PAYLOAD_START];
      return makeEvent(v, start === undefined ? raw : decodeUtf8(new TextEncoder().encode(raw).subarray(start, v[PAYLOAD_END])));
    }
    const v = this.#native.verifyBytes(raw, h, lower, now);
    if (!Array.isArray(v)) raise(v);
    const start = v[PAYLOAD_START];
    // Decoded now, so later writes to the caller's buffer cannot change a verified payload.
    return makeEvent(v, decodeUtf8(start === undefined ? raw : raw.subarray(start, v[PAYLOAD_END])));
  }

  /**
   * Reads a Fetch API `Request` (Next.js route handlers, Hono, Bun, undici) and verifies it.
   * Stops reading once the body passes `maxBodyBytes`.
   */
  async verifyRequest(request, options) {
    if (request.bodyUsed) raise(native.bodyNotRaw(REQUEST_HINT));
    const chunks = [];
    let size = 0;
    if (request.body) {
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
        const tooLarge = this.#native.checkBodyLen(size);
        if (tooLarge) {
          await reader.cancel().catch(() => {});
          raise(tooLarge);
        }
      }
    }
    let body = chunks.length === 1 ? chunks[0] : new Uint8Array(size);
    if (chunks.length !== 1) {
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
    }
    return this.verify(body, request.headers, options);
  }

  /**
   * The headers the provider would send with `body`, signed with the first secret, as a
   * plain object (krebit adds `X-Client-Id` when `clientId` is set). For tests and tooling.
   */
  sign(body) {
    const raw = rawBody(body, NODE_HINT);
    const flat = typeof raw === 'string' ? this.#native.signText(raw) : this.#native.signBytes(raw);
    const headers = {};
    for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
    return headers;
  }

  [inspectCustom]() {
    const n = this.#native;
    return `Webhook { provider: '${n.provider}', secrets: <${n.secretCount} redacted>, maxBodyBytes: ${n.maxBodyBytes} }`;
  }

  toString() {
    return `[Webhook ${this.#native.provider}]`;
  }
}

/** Fails with the core's PAYLOAD_TOO_LARGE for a body cut off after `received` bytes. */
/** Throws the core's `PAYLOAD_TOO_LARGE` when a body of `len` bytes is over `webhook`'s limit. */
function checkBodyLen(webhook, len) {
  const tooLarge = webhook[nativeOf].checkBodyLen(len);
  if (tooLarge) raise(tooLarge);
}

module.exports = {
  Webhook,
  WebhookVerificationError,
  // For the framework helpers in this package; not part of the documented API.
  _internal: { rawBody, asBytes, checkBodyLen, raise, bodyNotRaw: (hint) => raise(native.bodyNotRaw(hint)) },
};
