// signhook's JavaScript API, shared by both npm packages: `signhook` runs it over the native
// engine (or the WebAssembly one where no native binary loads), `signhook-wasm` over the
// WebAssembly engine. The engine (`./engine.js`, one per package) is the Rust core; it makes
// every decision. This file converts JavaScript values for it and nothing more: bodies to
// bytes, the headers the core asks for to a flat list, options to their types, failures to
// `WebhookVerificationError`.
import * as core from './engine.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** How to hand over the raw body, for BODY_NOT_RAW from `verify`. */
const VERIFY_HINT =
  'pass the raw request bytes (a Buffer, Uint8Array, ArrayBuffer or string) exactly as received. ' +
  "In Express, mount signhook's middleware, which reads the raw body itself: " +
  "app.post('/webhooks', webhookMiddleware({ provider, secret }), handler) with " +
  "webhookMiddleware from 'signhook/express'; or keep express.json() and capture the bytes " +
  'with express.json({ verify: captureRawBody }), then verify req.rawBody. In NestJS, create ' +
  'the app with NestFactory.create(AppModule, { rawBody: true }) and verify req.rawBody. With a Fetch API ' +
  'Request (Workers, Next.js, Hono, Deno, Bun) use webhook.verifyRequest(request)';

const REQUEST_USED_HINT =
  'the request body was already read (request.json(), request.text() or similar); call ' +
  'webhook.verifyRequest(request) before reading it, or pass request.clone()';

const NOT_A_REQUEST_HINT =
  'verifyRequest expects a Fetch API Request; use webhook.verify(body, headers) for other inputs';

const LONE_SURROGATE_HINT =
  'the string body holds a lone UTF-16 surrogate, so it cannot be the text that was received; ' +
  'pass the raw request bytes instead';

/**
 * Why a webhook was rejected, or why a `Webhook` could not be built. `code` is stable across
 * signhook's languages (e.g. `SIGNATURE_MISMATCH`); `status` is the HTTP status to answer with;
 * `context` holds the facts behind it where the error has them (`header`, `limit` and
 * `actual`, `tolerance`, `occurredAt` and `now`, `retryAfter`); `headers` are the headers the
 * answer carries (`Retry-After` when the error says when to retry).
 */
export class WebhookVerificationError extends Error {
  constructor(code, message, status, context = {}, headers = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.context = context;
    this.headers = headers;
  }
}
Object.defineProperty(WebhookVerificationError.prototype, 'name', {
  value: 'WebhookVerificationError',
  writable: true,
  configurable: true,
});

/** An engine failure (`{ code, status, message, details }`) as a WebhookVerificationError. */
function errorOf(failure) {
  const { context, headers } = JSON.parse(failure.details);
  return new WebhookVerificationError(failure.code, failure.message, failure.status, context, headers);
}

/** Throws an engine failure. */
function raise(failure) {
  throw errorOf(failure);
}

/** Throws the error of `kind` that this layer finds itself (the core words it). */
const fail = (kind, detail) => raise(core.failure(kind, detail));
const invalidConfig = (detail) => fail('option_type', detail);
const bodyNotRaw = (hint) => fail('body_not_raw', hint);

const tag = (value) => Object.prototype.toString.call(value);
const hasLoneSurrogate = (text) => /\p{Cs}/u.test(text);

/** The bytes of an ArrayBuffer or any view, without copying; undefined for anything else. */
function asBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const kind = tag(value);
  if (kind === '[object ArrayBuffer]' || kind === '[object SharedArrayBuffer]') return new Uint8Array(value);
  return undefined;
}

const encoder = new TextEncoder();
let decoder;
/** UTF-8 text of bytes (Buffer's decoder where there is one: it is faster in Node). */
function decodeUtf8(bytes) {
  if (typeof Buffer === 'function') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return decoder.decode(bytes);
}

/**
 * A raw body as `{ bytes, text }`: the exact bytes to verify, and the text when the caller
 * gave a string. Memory another thread can write (a SharedArrayBuffer) is copied first, so
 * the bytes that are hashed are the bytes that are parsed.
 */
function rawBody(body, hint = VERIFY_HINT) {
  if (typeof body === 'string') {
    if (hasLoneSurrogate(body)) bodyNotRaw(LONE_SURROGATE_HINT);
    return { bytes: encoder.encode(body), text: body };
  }
  const bytes = asBytes(body);
  if (bytes === undefined) bodyNotRaw(hint);
  const shared = tag(bytes.buffer) === '[object SharedArrayBuffer]';
  return { bytes: shared ? bytes.slice() : bytes, text: undefined };
}

/**
 * Adds a header value (a string, or a list of strings: a repeated header) to the flat
 * `[name, value, ...]` list. `null` and `undefined` are no value, also inside a list; anything
 * else, a nested list included, is a TypeError naming the header.
 */
function pushValue(out, name, value) {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    out.push(name, value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (item === undefined || item === null) continue;
      if (typeof item !== 'string') throw notAHeaderValue(name, item);
      out.push(name, item);
    }
  } else {
    throw notAHeaderValue(name, value);
  }
}

function notAHeaderValue(name, value) {
  const got = Array.isArray(value) ? 'an array inside the array' : typeof value;
  return new TypeError(`header ${name} must be a string or an array of strings, got ${got}`);
}

/**
 * The headers in `names` (lowercase, from the core) as a flat `[name, value, ...]` list,
 * read from any shape a framework hands over: Node's `req.headers` or any plain object
 * (names matched case-insensitively, values a string or string[]), Node's `req.rawHeaders`
 * (a flat list), a Web `Headers` (or anything with `get`), a `Map`, or an iterable of
 * `[name, value]` pairs. One pass, whatever the size.
 */
function headerList(headers, names) {
  const out = [];
  if (headers === undefined || headers === null) return out;
  if (typeof headers !== 'object') {
    throw new TypeError('headers must be an object, a Headers, a Map or a list of [name, value] pairs');
  }
  if (typeof headers.get === 'function' && !(headers instanceof Map)) {
    // A Web Headers or any lookup object (get() alone is enough): asked for each name.
    for (const name of names) pushValue(out, name, headers.get(name));
    return out;
  }
  if (Array.isArray(headers) && typeof headers[0] === 'string') {
    // A flat [name, value, ...] list, as Node's req.rawHeaders.
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = String(headers[i]).toLowerCase();
      if (names.includes(name)) pushValue(out, name, headers[i + 1]);
    }
    return out;
  }
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const pair of headers) {
      if (pair === undefined || pair === null || typeof pair[0] !== 'string') continue;
      const name = pair[0].toLowerCase();
      if (names.includes(name)) pushValue(out, name, pair[1]);
    }
    return out;
  }
  for (const key in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, key)) continue;
    const name = key.toLowerCase();
    if (names.includes(name)) pushValue(out, name, headers[key]);
  }
  return out;
}

/** The request URL from `options.url` ('' when absent), for providers that sign in it. */
function requestedUrl(options) {
  const url = options === undefined || options === null ? undefined : options.url;
  if (url === undefined || url === null) return '';
  if (typeof url !== 'string') throw new TypeError('options.url must be a string: the request URL, or its path and query');
  return url;
}

/**
 * `options.now` in seconds since the Unix epoch, or undefined when it is absent (`undefined`
 * or `null`: the current time, taken when verifying). The core checks its range here, before
 * the body is looked at, so that a `now` out of range is INVALID_CONFIG whatever the body.
 */
function requestedNow(options) {
  const now = options === undefined || options === null ? undefined : options.now;
  if (now === undefined || now === null) return undefined;
  if (typeof now !== 'number') throw new TypeError('options.now must be a number of seconds since the Unix epoch');
  const outOfRange = core.checkNow(now);
  if (outOfRange) raise(outOfRange);
  return now;
}

/** Where a row holds the payload's `start` and `end` in the body: after the 13 fields. */
const ROW_START = 13;
const ROW_END = 14;

/** An event's `document` from its row part (`Document::FIELDS` of the core, in order). */
function documentOf(part) {
  return part === null ? null : {
    id: part[0],
    name: part[1],
    status: part[2],
    externalId: part[3],
    completedAt: part[4],
  };
}

/** An event's `signer` from its row part (`Signer::FIELDS` of the core, in order). */
function signerOf(part) {
  return part === null ? null : {
    id: part[0],
    email: part[1],
    name: part[2],
    signedAt: part[3],
    signatureType: part[4],
  };
}

/**
 * A verified webhook. Every field is an own, enumerable data property except `payload`,
 * which parses the verified body text with the runtime's JSON.parse on first read, once.
 * `JSON.stringify`, `res.json()` and `console.log` include `payload`.
 */
class WebhookEvent {
  /** The payload's JSON: text, or UTF-8 bytes no one else writes (decoded on first read). */
  #json;
  #payload;

  /**
   * From the core's row (`Event::row_json`: the values of `Event::FIELDS` in order; the core's
   * schema test checks the indices below against it) and the payload's JSON, as text or as
   * UTF-8 bytes that no one else writes.
   */
  constructor(row, json) {
    this.provider = row[0];
    this.id = row[1];
    this.idSource = row[2];
    this.type = row[3];
    this.kind = row[4];
    this.occurredAt = row[5];
    this.document = documentOf(row[6]);
    this.signer = signerOf(row[7]);
    this.reason = row[8];
    this.downloadUrl = row[9];
    this.organizationId = row[10];
    this.clientId = row[11];
    this.authentication = row[12];
    this.#json = json;
  }

  /** The whole JSON body, parsed on first read. */
  get payload() {
    if (this.#json !== undefined) {
      const json = this.#json;
      this.#payload = JSON.parse(typeof json === 'string' ? json : decodeUtf8(json));
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

/**
 * The event of the core's row over `bytes`; `text` is the body's, when given as one. The
 * payload's JSON is kept as the text, or as bytes: the caller's are copied (`owned`: they are
 * this layer's), so later writes to the caller's buffer cannot change it, and decoded only
 * when `payload` is read.
 */
function eventOf(bytes, text, row, owned = false) {
  const start = row[ROW_START];
  const end = row[ROW_END];
  if (text !== undefined && start === 0 && end === bytes.length) return new WebhookEvent(row, text);
  const part = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  return new WebhookEvent(row, owned ? part : copyOf(part));
}

/** A copy of bytes (Buffer's pooled one where there is one: it is faster in Node). */
const copyOf = (bytes) => (typeof Buffer === 'function' ? Buffer.from(bytes) : bytes.slice());

/** A secret as the engine takes it: a well-formed string or a copy of the bytes. */
function secretValue(secret, index) {
  if (typeof secret === 'string') {
    if (hasLoneSurrogate(secret)) invalidConfig(`secret #${index} is not valid text (it holds a lone UTF-16 surrogate)`);
    return secret;
  }
  const bytes = asBytes(secret);
  if (bytes === undefined) invalidConfig(`secret #${index} must be a string or bytes (Buffer, Uint8Array, ArrayBuffer)`);
  return bytes.slice();
}

const isAbsent = (value) => value === undefined || value === null;

function optionalNumber(value, name) {
  if (isAbsent(value)) return null;
  if (typeof value !== 'number') invalidConfig(`${name} must be a number`);
  return value;
}

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const HMAC = { name: 'HMAC', hash: 'SHA-256' };

/** Lets this package's helpers reach a Webhook's engine verifier; not part of the API. */
const verifierOf = Symbol('signhook.verifier');

/**
 * A configured verifier for one provider. Build it once at startup and reuse it.
 *
 *   const webhook = new Webhook({ provider: 'propper', secret: process.env.PROPPER_SECRET });
 *   const event = webhook.verify(rawBody, req.headers);
 */
export class Webhook {
  #verifier;
  /** What the core says of this verifier once (`describe`): provider, limits, headers read, reply. */
  #about;
  #names;
  /** Secret bytes kept for WebCrypto (WebAssembly engine only), then the imported keys. */
  #secretBytes;
  #keys;

  /**
   * Bodies at least this long are hashed with the runtime's WebCrypto in `verifyRequest` when
   * the engine is WebAssembly (WebCrypto is faster there for them). `Infinity` turns it off.
   */
  static nativeHashThreshold = 2048;

  constructor(options) {
    if (options === null || typeof options !== 'object') {
      invalidConfig("pass an options object, e.g. new Webhook({ provider: 'propper', secret })");
    }
    // Types are converted here; every rule (secret or secrets, numbers, ranges) is the core's.
    const { provider, secret, secrets, clientId, tolerance, maxBodyBytes, requireAuthentication } = options;
    if (typeof provider !== 'string') invalidConfig('provider must be a string, e.g. "propper"');
    const one = isAbsent(secret) ? null : secretValue(secret, 0);
    if (!isAbsent(secrets) && !Array.isArray(secrets)) invalidConfig('secrets must be an array of strings or bytes');
    const list = isAbsent(secrets) ? null : Array.from(secrets, secretValue);
    if (!isAbsent(clientId) && typeof clientId !== 'string') invalidConfig('clientId must be a string');
    if (typeof clientId === 'string' && hasLoneSurrogate(clientId)) {
      invalidConfig('clientId is not valid text (it holds a lone UTF-16 surrogate)');
    }
    if (!isAbsent(requireAuthentication) && typeof requireAuthentication !== 'string') {
      invalidConfig('requireAuthentication must be a string, e.g. "hmac-body"');
    }
    const made = core.createVerifier(
      provider,
      one,
      list,
      isAbsent(clientId) ? null : clientId,
      optionalNumber(tolerance, 'tolerance'),
      optionalNumber(maxBodyBytes, 'maxBodyBytes'),
      isAbsent(requireAuthentication) ? null : requireAuthentication,
    );
    if (typeof made.code === 'string') raise(made);
    this.#verifier = made;
    this.#about = JSON.parse(made.describe());
    this.#names = this.#about.headerNames;
    if (core.name === 'wasm' && subtle && this.#about.macsOverBody) {
      this.#secretBytes = (one === null ? list : [one]).map((s) => (typeof s === 'string' ? encoder.encode(s) : s));
    }
  }

  get [verifierOf]() {
    return this.#verifier;
  }

  /** The provider id, e.g. `propper`. */
  get provider() {
    return this.#about.provider;
  }

  /** The body limit in bytes (default 1 MiB). */
  get maxBodyBytes() {
    return this.#about.maxBodyBytes;
  }

  /**
   * Verifies the raw body against the headers and returns the event.
   * Throws `WebhookVerificationError` on any failure.
   */
  verify(body, headers, options) {
    const { bytes, text } = rawBody(body);
    const pairs = headerList(headers, this.#names);
    return eventOf(bytes, text, this.#verify(bytes, pairs, requestedNow(options), undefined, requestedUrl(options)));
  }

  /**
   * Like `verify`, for a body that may hold several events (PandaDoc sends an array):
   * returns every event, in order. Other providers give an array of one.
   */
  verifyAll(body, headers, options) {
    const { bytes } = rawBody(body);
    const pairs = headerList(headers, this.#names);
    const all = this.#verify(bytes, pairs, requestedNow(options), undefined, requestedUrl(options), true);
    return all.map((row) => eventOf(bytes, undefined, row));
  }

  /**
   * The core's verdict, parsed: the event's row, its fields then the `start` and `end` of its
   * payload's text in `bytes` (with `all`, a list of rows). `pairs` are the headers read;
   * `now` is from requestedNow (undefined: the current time); `url` the request URL ('' when
   * unknown); `macs` the body's digests from WebCrypto, if taken.
   */
  #verify(bytes, pairs, now, macs, url, all = false) {
    if (core.name === 'wasm') {
      // The WebAssembly engine copies the body into its memory (which never shrinks): ask the
      // core about the size first. The native engine reads the caller's memory in place and
      // checks the size before anything else.
      const tooLarge = this.#verifier.checkBodyLen(bytes.length);
      if (tooLarge) raise(tooLarge);
    }
    const verdict = this.#verifier.verify(bytes, pairs, now ?? Date.now() / 1000, url, macs ?? null, all);
    if (typeof verdict !== 'string') raise(verdict);
    return JSON.parse(verdict);
  }

  /**
   * Reads a Fetch API `Request` (Workers, Next.js route handlers, Hono, Deno, Bun) and
   * verifies it. A declared length over `maxBodyBytes` is refused without reading; otherwise
   * reading stops as soon as the body passes the limit.
   */
  async verifyRequest(request, options) {
    if (request === null || typeof request !== 'object' || !('headers' in request) || !('body' in request)) {
      bodyNotRaw(NOT_A_REQUEST_HINT);
    }
    if (request.bodyUsed) bodyNotRaw(REQUEST_USED_HINT);
    // `now` is checked before the body is read: out of range, it is the answer whatever the body.
    const now = requestedNow(options);
    const body = await readLimited(request, this.#verifier);
    let macs;
    if (this.#secretBytes !== undefined && body.length >= Webhook.nativeHashThreshold) macs = await this.#macs(body);
    const verdict = this.#verify(body, headerList(request.headers, this.#names), now, macs, String(request.url ?? ''));
    return eventOf(body, undefined, verdict, true);
  }

  /** HMAC-SHA256 of body under each secret with WebCrypto, in configuration order, concatenated. */
  async #macs(body) {
    this.#keys ??= Promise.all(this.#secretBytes.map((bytes) => subtle.importKey('raw', bytes, HMAC, false, ['sign'])));
    const digests = await Promise.all((await this.#keys).map((key) => subtle.sign('HMAC', key, body)));
    const macs = new Uint8Array(32 * digests.length);
    digests.forEach((digest, i) => macs.set(new Uint8Array(digest), 32 * i));
    return macs;
  }

  /**
   * The headers the provider would send with `body` at `options.now` (default: the current
   * time; schemes that sign a timestamp use it), signed with the first secret, as a plain
   * object (krebit adds `X-Client-Id` when `clientId` is set). For tests and tooling.
   */
  sign(body, options) {
    const { bytes } = rawBody(body);
    const flat = this.#verifier.sign(bytes, requestedNow(options) ?? Date.now() / 1000);
    if (!Array.isArray(flat)) raise(flat);
    const headers = {};
    for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
    return headers;
  }

  /**
   * For a provider that signs in the URL (PandaDoc), the query it would add for `body`
   * (`signature=<hex>`, signed with the first secret); `null` for the others. For tests and
   * tooling.
   */
  signQuery(body) {
    const { bytes } = rawBody(body);
    return this.#verifier.signQuery(bytes) ?? null;
  }

  /**
   * The answer the provider requires once a delivery is verified and handled, as
   * `{ status, headers, alwaysHeaders, body }`: Dropbox Sign's body `Hello API Event Received`
   * (any other answer counts as a failed delivery), Adobe's `X-AdobeSign-ClientId` echoed.
   * `alwaysHeaders` are those of `headers` that every answer to a verified delivery carries,
   * whatever the handler answers (all but the body's `Content-Type`). For the providers that take any 2xx, `headers` is empty and
   * `body` null. The framework helpers send it; in a Fetch handler,
   * `return new Response(reply.body, reply)`.
   */
  reply() {
    return structuredClone(this.#about.reply);
  }

  /** Whether the provider checks a new URL with a `GET` first (Adobe): answer it with `handshake`. */
  get hasHandshake() {
    return this.#about.hasHandshake;
  }

  /**
   * The answer to the provider's `GET` check of a new URL (Adobe's verification of intent),
   * once its client id header names the configured `clientId` (`CLIENT_ID_MISMATCH`
   * otherwise), shaped as `reply()`; `null` for a provider that sends no such check.
   */
  handshake(headers) {
    const verdict = this.#verifier.handshake(headerList(headers, this.#names));
    if (verdict === null || verdict === undefined) return null;
    if (typeof verdict !== 'string') raise(verdict);
    return JSON.parse(verdict);
  }

  [inspectCustom]() {
    const a = this.#about;
    return `Webhook { provider: '${a.provider}', secrets: <${a.secretCount} redacted>, maxBodyBytes: ${a.maxBodyBytes} }`;
  }

  toString() {
    return `[Webhook ${this.#about.provider}]`;
  }
}

/** Concatenates chunks of known total size. */
function concat(chunks, size) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** A Request's body, refused early when it is over the verifier's limit. */
async function readLimited(request, verifier) {
  const declared = Number(request.headers.get?.('content-length'));
  const tooLarge = declared > 0 ? verifier.checkBodyLen(declared) : null;
  if (tooLarge) {
    await request.body?.cancel().catch(() => {});
    raise(tooLarge);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    const over = verifier.checkBodyLen(size);
    if (over) {
      await reader.cancel().catch(() => {});
      raise(over);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/** Which engine runs the core: `native` or `wasm`. */
export const engine = core.name;

/** For this package's framework helpers; not part of the documented API. */
export const internal = {
  asBytes,
  rawBody,
  concat,
  raise,
  bodyNotRaw,
  /** The error of `kind` a helper finds itself, as the core words it (not thrown). */
  failure: (kind, detail) => errorOf(core.failure(kind, detail)),
  /** Throws the core's PAYLOAD_TOO_LARGE when `len` bytes are over `webhook`'s limit. */
  checkBodyLen(webhook, len) {
    const tooLarge = webhook[verifierOf].checkBodyLen(len);
    if (tooLarge) raise(tooLarge);
  },
};
