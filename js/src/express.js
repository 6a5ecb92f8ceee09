// Express (and Connect / plain node:http) middleware, shared by both npm packages: reads the
// raw body itself, verifies it and sets req.webhook. Works with no body parser, and after
// express.json() when the raw bytes were captured with `captureRawBody`.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Webhook, WebhookVerificationError, internal } from './webhook.js';

export { Webhook, WebhookVerificationError };

const AFTER_PARSER_HINT =
  'a body parser (such as express.json()) read this request before signhook could. Either ' +
  'mount the webhook route before the parser, or let the parser keep the raw bytes: ' +
  "app.use(express.json({ verify: captureRawBody })) with captureRawBody from 'signhook/express'";

/**
 * The `verify` callback for Express's body parsers: keeps the raw bytes on `req.rawBody`, so
 * signhook can still check the signature after `express.json()` parsed the body.
 *
 *   app.use(express.json({ verify: captureRawBody }));
 */
export function captureRawBody(req, _res, buf) {
  req.rawBody = buf;
}

const TEXT_PARSER_HINT =
  'a text body parser (such as express.text()) decoded this request before signhook could, and ' +
  'decoding can change the bytes (charset, byte order mark). Mount the webhook route without ' +
  "it: webhookMiddleware reads the raw body itself; or use express.raw({ type: '*/*' })";

/** The raw body someone already read, or undefined. Throws BODY_NOT_RAW when it is lost. */
function alreadyRead(req) {
  if (req.rawBody !== undefined && req.rawBody !== null) {
    if (typeof req.rawBody !== 'string' && internal.asBytes(req.rawBody) === undefined) {
      internal.bodyNotRaw(AFTER_PARSER_HINT);
    }
    return req.rawBody;
  }
  // express.raw() leaves the bytes; express.text() leaves text it decoded, which is not raw.
  if (internal.asBytes(req.body) !== undefined) return req.body;
  if (typeof req.body === 'string') internal.bodyNotRaw(TEXT_PARSER_HINT);
  // body-parser marks a request it consumed with `_body`; a stream read to the end is gone too.
  if (req._body === true || req.readableEnded === true) internal.bodyNotRaw(AFTER_PARSER_HINT);
  return undefined;
}

/** Reads the request stream, stopping as soon as the core finds it too large. */
function readBody(req, webhook) {
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
 * decoding at most one byte past the limit.
 */
function decoded(req, webhook, body) {
  const decode = DECODERS[String(req.headers['content-encoding'] ?? '').trim().toLowerCase()];
  if (decode === undefined) return body;
  const limit = webhook.maxBodyBytes;
  try {
    return decode(body, { maxOutputLength: Math.min(limit + 1, 2 ** 31 - 1) });
  } catch (err) {
    if (err.code === 'ERR_BUFFER_TOO_LARGE') internal.checkBodyLen(webhook, limit + 1);
    throw Object.assign(new Error(`the ${req.headers['content-encoding']} body could not be decoded`), { status: 400 });
  }
}

/**
 * Node's http parser hands header values over as Latin-1 (one character per byte): read them
 * as the UTF-8 bytes they were, as Workers and the Python helpers do, so a non-ASCII client id
 * means the same everywhere.
 */
function requestHeaders(req) {
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
function stopReading(req) {
  req.unpipe?.();
  req.resume?.();
}

function respond(res, err) {
  if (err.status === 413) res.setHeader('Connection', 'close');
  res.statusCode = err.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: err.code, message: err.message }));
}

/**
 * Express middleware that verifies a provider's webhook and sets `req.webhook` to the event.
 *
 *   app.post('/webhooks/propper',
 *     webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_SECRET }),
 *     (req, res) => { console.log(req.webhook.kind); res.sendStatus(204); });
 *
 * Options: the `Webhook` options (or `webhook`, an existing `Webhook`), and `forwardErrors`:
 * when true a failure goes to `next(err)` instead of being answered with its HTTP status and
 * `{ "error": code, "message": ... }`.
 */
export function webhookMiddleware(options) {
  if (options === null || typeof options !== 'object') {
    // Let the Webhook constructor report the missing options as INVALID_CONFIG.
    return webhookMiddleware({ webhook: new Webhook(options) });
  }
  const { webhook: given, forwardErrors = false, ...webhookOptions } = options;
  const webhook = given instanceof Webhook ? given : new Webhook(webhookOptions);

  const fail = (err, res, next) => {
    if (forwardErrors || !(err instanceof WebhookVerificationError)) next(err);
    else respond(res, err);
  };
  const verify = (req, body) => webhook.verify(body, requestHeaders(req));

  return function signhookWebhook(req, res, next) {
    let event;
    try {
      const body = alreadyRead(req);
      if (body !== undefined) event = verify(req, body);
    } catch (err) {
      return fail(err, res, next);
    }
    if (event !== undefined) {
      req.webhook = event;
      return next();
    }
    readBody(req, webhook).then(
      (raw) => {
        try {
          event = verify(req, decoded(req, webhook, raw));
        } catch (err) {
          return fail(err, res, next);
        }
        req.webhook = event;
        next();
      },
      (err) => fail(err, res, next),
    );
  };
}
