// signhook-wasm: the JavaScript API around the WebAssembly core.
//
// The core (Rust, compiled to WebAssembly) makes every decision: signature candidates,
// constant-time comparison, client id, parsing, tolerance. This file converts JavaScript
// values for it (bodies, headers, options, errors) and adds the async `verifyRequest`,
// which may hash large bodies with the runtime's WebCrypto and hand the digests to the core.
//
// The entry modules (workers.js, ../node/index.js) initialise the WebAssembly module
// before anything here is called.
import { Verifier, bodyNotRaw } from './signhook_wasm.js';

/** Every failure: `code` and `status` follow the SPEC's error table. */
export class WebhookVerificationError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
WebhookVerificationError.prototype.name = 'WebhookVerificationError';

/** Re-throws the core's coded errors as WebhookVerificationError. */
function rethrow(error) {
  if (error instanceof Error && typeof error.code === 'string' && typeof error.status === 'number') {
    throw new WebhookVerificationError(error.message, error.code, error.status);
  }
  throw error;
}

function now(options) {
  const value = options == null ? undefined : options.now;
  if (value === undefined) return Math.floor(Date.now() / 1000);
  return typeof value === 'number' ? value : NaN; // the core's INVALID_CONFIG names the problem
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const tag = (value) => Object.prototype.toString.call(value);

/** A raw body as bytes or text, or a BODY_NOT_RAW error for anything else. */
function rawBody(body) {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const kind = tag(body);
  if (kind === '[object ArrayBuffer]' || kind === '[object SharedArrayBuffer]') return new Uint8Array(body);
  const got = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : typeof body;
  rethrow(
    bodyNotRaw(
      `got ${got}; pass the exact bytes received (a string, Uint8Array or ArrayBuffer): in a Worker ` +
        'use webhook.verifyRequest(request) or await request.arrayBuffer(), never await request.json(); ' +
        'in Express use express.raw({ type: "application/json" }) on the webhook route',
    ),
  );
}

/** A header value as the core reads it: a string, an array of strings, or undefined. */
function headerValue(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null).map(String);
  return String(value);
}

/** Adds a header value to those found so far (a repeated header becomes an array). */
function merge(found, value) {
  if (value === undefined) return found;
  return found === undefined ? value : [].concat(found, value);
}

const NO_HEADERS = { get: () => undefined };

/**
 * Headers as the core reads them: `get(name)` gives a header's value (a string, or an array
 * when it is repeated), names matched case-insensitively. Accepts a Web `Headers` (or anything
 * with `get` and `has`), a plain object (values string or string[], as Node's `req.headers`),
 * or a list of [name, value] pairs.
 */
function headerSource(headers) {
  if (headers === undefined || headers === null || typeof headers !== 'object') return NO_HEADERS;
  if (typeof headers.get === 'function' && typeof headers.has === 'function' && !(headers instanceof Map)) {
    return { get: (name) => headerValue(headers.get(name)) };
  }
  if (typeof headers[Symbol.iterator] === 'function') {
    const pairs = Array.from(headers, (pair) => (pair == null ? [] : pair));
    return {
      get(name) {
        const wanted = name.toLowerCase();
        let found;
        for (const [key, value] of pairs) {
          if (String(key).toLowerCase() === wanted) found = merge(found, headerValue(value));
        }
        return found;
      },
    };
  }
  return {
    get(name) {
      const wanted = name.toLowerCase();
      let found;
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === wanted) found = merge(found, headerValue(headers[key]));
      }
      return found;
    },
  };
}

/** The event object: the core's fields, and `payload` parsed from the body on first access. */
function toEvent(json, bodyText) {
  const event = JSON.parse(json);
  const settle = (value) => {
    Object.defineProperty(event, 'payload', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(event, 'payload', {
    get: () => settle(JSON.parse(bodyText())),
    set: settle,
    enumerable: true,
    configurable: true,
  });
  return event;
}

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const HMAC = { name: 'HMAC', hash: 'SHA-256' };

// Per Webhook: the secrets' bytes until WebCrypto keys are made from them, then the keys.
// Kept outside the instance so they never show up in inspection.
const secretBytes = new WeakMap();
const cryptoKeys = new WeakMap();

function secretList(options) {
  if (options.secrets !== undefined && options.secrets !== null) return options.secrets;
  if (options.secret !== undefined && options.secret !== null) return [options.secret];
  return [];
}

function toBytes(secret) {
  return typeof secret === 'string' ? encoder.encode(secret) : new Uint8Array(secret).slice();
}

/** Verifies and parses webhooks of one provider. Build it once, reuse it for every request. */
export class Webhook {
  #verifier;
  #provider;

  /**
   * Bodies at least this long are hashed with the runtime's WebCrypto in `verifyRequest`
   * (where it exists); shorter ones in WebAssembly, which is faster for them.
   * Set to Infinity to always hash in WebAssembly.
   */
  static nativeHashThreshold = 2048;

  /** @param {{provider: string, secret?: string|Uint8Array, secrets?: Array<string|Uint8Array>, clientId?: string, tolerance?: number, maxBodyBytes?: number}} options */
  constructor(options) {
    try {
      this.#verifier = new Verifier(options);
    } catch (error) {
      rethrow(error);
    }
    this.#provider = this.#verifier.provider;
    secretBytes.set(this, secretList(options).map(toBytes));
  }

  /** The provider id. */
  get provider() {
    return this.#provider;
  }

  /**
   * Verifies the signature over the raw body, then parses it into an event.
   * @param body the exact bytes received: Uint8Array (or Buffer), ArrayBuffer or string
   * @param headers a Web Headers, a plain object, or a list of [name, value] pairs
   * @param options `now`: seconds since the Unix epoch (default: the current time)
   */
  verify(body, headers, options) {
    const raw = rawBody(body);
    const source = headerSource(headers);
    const at = now(options);
    try {
      if (typeof raw === 'string') {
        if (raw.length > this.#verifier.maxBodyBytes) {
          // At least as many UTF-8 bytes as UTF-16 units: over the limit; measure exactly.
          this.#verifier.checkLength(encoder.encode(raw).length);
        }
        return toEvent(this.#verifier.verifyText(raw, source, at), () => raw);
      }
      this.#verifier.checkLength(raw.length);
      const copy = raw.slice();
      return toEvent(this.#verifier.verify(copy, source, at), () => decoder.decode(copy));
    } catch (error) {
      rethrow(error);
    }
  }

  /**
   * Reads and verifies a Fetch API Request (Workers, Deno, Bun, Next.js, Hono).
   * @param {Request} request
   * @param options `now`: seconds since the Unix epoch (default: the current time)
   */
  async verifyRequest(request, options) {
    if (request === null || typeof request !== 'object' || typeof request.arrayBuffer !== 'function') {
      rethrow(bodyNotRaw('verifyRequest expects a Fetch API Request; use verify(body, headers) for other inputs'));
    }
    if (request.bodyUsed) {
      rethrow(
        bodyNotRaw('the request body was already read; call verifyRequest before reading it, or pass request.clone()'),
      );
    }
    const body = new Uint8Array(await request.arrayBuffer());
    const source = headerSource(request.headers);
    const at = now(options);
    try {
      this.#verifier.checkLength(body.length);
      if (subtle && body.length >= Webhook.nativeHashThreshold) {
        const macs = await this.#macs(body);
        return toEvent(this.#verifier.verifyWithMacs(body, macs, source, at), () => decoder.decode(body));
      }
      return toEvent(this.#verifier.verify(body, source, at), () => decoder.decode(body));
    } catch (error) {
      rethrow(error);
    }
  }

  /** HMAC-SHA256 of body under each secret, in configuration order, concatenated. */
  async #macs(body) {
    let keys = cryptoKeys.get(this);
    if (keys === undefined) {
      keys = Promise.all(secretBytes.get(this).map((bytes) => subtle.importKey('raw', bytes, HMAC, false, ['sign'])));
      cryptoKeys.set(this, keys);
      secretBytes.delete(this);
    }
    const digests = await Promise.all((await keys).map((key) => subtle.sign('HMAC', key, body)));
    const macs = new Uint8Array(32 * digests.length);
    digests.forEach((digest, i) => macs.set(new Uint8Array(digest), 32 * i));
    return macs;
  }

  /**
   * The headers the provider would send with `body`, signed with the first secret
   * (krebit adds X-Client-Id when clientId is set). For tests and local tooling.
   * @returns {Record<string, string>}
   */
  sign(body) {
    const raw = rawBody(body);
    const flat = typeof raw === 'string' ? this.#verifier.signText(raw) : this.#verifier.sign(raw);
    const headers = {};
    for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
    return headers;
  }

  toString() {
    return `Webhook(${this.#provider})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Webhook { provider: '${this.#provider}' }`;
  }
}
