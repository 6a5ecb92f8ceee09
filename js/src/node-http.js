// Reading a webhook from Node's http.IncomingMessage, for the Node framework helpers
// (Express, Fastify, Koa): the raw body within the limit, decoded as the provider signed it,
// and the header values as the bytes received.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { internal } from './webhook.js';

/** Reads the request stream, stopping as soon as the core finds it too large. */
export function readBody(req, webhook) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    try {
      if (declared > 0) internal.checkBodyLen(webhook, declared);
    } catch (err) {
      stopReading(req);
      reject(err);
      return;
    }
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk) => {
      size += chunk.length;
      try {
        internal.checkBodyLen(webhook, size);
      } catch (err) {
        cleanup();
        stopReading(req);
        reject(err);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(internal.concat(chunks, size));
    };
    const onError = (err) => {
      cleanup();
      reject(err);
    };
    const onAborted = () => onError(Object.assign(new Error('request aborted'), { code: 'ECONNABORTED' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

const DECODERS = { gzip: gunzipSync, 'x-gzip': gunzipSync, deflate: inflateSync, br: brotliDecompressSync };

/**
 * The body as the provider signed it: a `Content-Encoding` of gzip, deflate or br is decoded
 * (as Express's own body parsers do, so the answer is the same with or without one),
 * decoding at most one byte past the limit. A body that does not decode is 400 INVALID_PAYLOAD.
 */
export function decoded(req, webhook, body) {
  const name = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decode = DECODERS[name];
  if (decode === undefined) return body;
  const limit = webhook.maxBodyBytes;
  try {
    return decode(body, { maxOutputLength: Math.min(limit + 1, 2 ** 31 - 1) });
  } catch (err) {
    if (err.code === 'ERR_BUFFER_TOO_LARGE') internal.checkBodyLen(webhook, limit + 1);
    throw internal.failure('undecodable', name);
  }
}

/**
 * Node's http parser hands header values over as Latin-1 (one character per byte): read them
 * as the UTF-8 bytes they were, as Workers and the Python helpers do, so a non-ASCII client id
 * means the same everywhere.
 */
export function requestHeaders(req) {
  const raw = req.rawHeaders;
  if (!Array.isArray(raw)) return req.headers;
  let out = raw;
  for (let i = 1; i < raw.length; i += 2) {
    if (typeof raw[i] === 'string' && /[^\x00-\x7f]/.test(raw[i])) {
      if (out === raw) out = raw.slice();
      out[i] = Buffer.from(raw[i], 'latin1').toString('utf8');
    }
  }
  return out;
}

/** Stops keeping a body that is over the limit: the rest is discarded, the connection closed. */
export function stopReading(req) {
  req.unpipe?.();
  req.resume?.();
}

const encoder = new TextEncoder();

/** The answer to a rejected request: the error's status and headers (`Retry-After`), and `{ error, message }`. */
export function respondError(res, err) {
  if (err.status === 413) res.setHeader('Connection', 'close');
  for (const [name, value] of Object.entries(err.headers ?? {})) res.setHeader(name, value);
  res.statusCode = err.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: err.code, message: err.message }));
}

/** Sends `reply` (from `webhook.reply()` or `webhook.handshake()`) as the whole answer. */
export function sendReply(res, reply) {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.end(reply.body ?? '');
}

/**
 * Makes the answer to a verified delivery carry what the provider requires (`webhook.reply()`):
 * its headers on any answer, and, when it requires a body (Dropbox Sign), that exact body with
 * status 200 in place of whatever 2xx answer the handler sends. Other answers are left alone, so
 * the provider retries them.
 */
export function requireReply(res, reply) {
  for (const [name, value] of Object.entries(reply.alwaysHeaders)) res.setHeader(name, value);
  if (reply.body === null) return;
  const { write, end } = res;
  const replacing = () => res.statusCode >= 200 && res.statusCode < 300 && !res.headersSent;
  res.write = function (chunk, encoding, callback) {
    if (!replacing()) return write.apply(this, arguments);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(done);
    return true;
  };
  res.end = function (...args) {
    if (!replacing()) return end.apply(this, args);
    res.statusCode = 200;
    res.removeHeader('ETag');
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    res.setHeader('Content-Length', String(encoder.encode(reply.body).length));
    const done = args.find((a) => typeof a === 'function');
    return end.call(this, reply.body, 'utf8', done);
  };
}
