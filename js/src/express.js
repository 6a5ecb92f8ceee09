// Express (and Connect / plain node:http) middleware, shared by both npm packages: reads the
// raw body itself, verifies it and sets req.webhook. Works with no body parser, and after
// express.json() when the raw bytes were captured with `captureRawBody`.
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

/** The raw body someone already read, or undefined. Throws BODY_NOT_RAW when it is lost. */
function alreadyRead(req) {
  if (req.rawBody !== undefined && req.rawBody !== null) {
    if (typeof req.rawBody !== 'string' && internal.asBytes(req.rawBody) === undefined) {
      internal.bodyNotRaw(AFTER_PARSER_HINT);
    }
    return req.rawBody;
  }
  // express.raw() and express.text() leave the body as bytes or text.
  if (typeof req.body === 'string' || internal.asBytes(req.body) !== undefined) return req.body;
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
  const verify = (req, body) => webhook.verify(body, Array.isArray(req.rawHeaders) ? req.rawHeaders : req.headers);

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
          event = verify(req, raw);
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
