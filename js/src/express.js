// Express (and Connect / plain node:http) middleware, shared by both npm packages: reads the
// raw body itself, verifies it and sets req.webhook. Works with no body parser, and after
// express.json() when the raw bytes were captured with `captureRawBody`.
import { decoded, readBody, requestHeaders, requireReply, respondError, sendReply } from './node-http.js';
import { Webhook, WebhookVerificationError, internal } from './webhook.js';
import { dedupeOption, duplicateAnswer, succeeded } from './dedupe.js';

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

const FASTIFY_HINT =
  'this is a Fastify app (the Express middleware runs through @fastify/middie, before Fastify ' +
  "reads the body, which would then wait forever). Use signhook's Fastify plugin instead: " +
  "app.register(fastifyWebhook, { provider, secret }) with fastifyWebhook from 'signhook/fastify'";

/** Whether the middleware runs inside Fastify through @fastify/middie (which decorates both). */
const isFastify = (req, res) => req.app === undefined && req.log !== undefined && res.log !== undefined && 'id' in req;

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

/**
 * Express middleware that verifies a provider's webhook and sets `req.webhook` to the event.
 *
 *   app.post('/webhooks/propper',
 *     webhookMiddleware({ provider: 'propper', secret: process.env.PROPPER_SECRET }),
 *     (req, res) => { console.log(req.webhook.kind); res.sendStatus(204); });
 *
 * Options: the `Webhook` options (or `webhook`, an existing `Webhook`); `forwardErrors`:
 * when true a failure goes to `next(err)` instead of being answered with its HTTP status and
 * `{ "error": code, "message": ... }`; `dedupe`: a `DedupeGuard`, so that each event runs the
 * handler once across every instance sharing its store. A redelivery of a processed event is
 * answered 200 `{ "received": id, "duplicate": true }` without calling the handler; the event
 * is marked done when the handler answers 2xx, and released for the provider's retry when it
 * answers anything else.
 *
 * The answer carries what the provider requires (`webhook.reply()`): Dropbox Sign's body
 * `Hello API Event Received` replaces the handler's 2xx answer, Adobe's `X-AdobeSign-ClientId`
 * is echoed. For Adobe, mount the middleware on GET too (`app.all(path, ...)`): it answers the
 * GET with which Adobe checks a new URL itself.
 */
export function webhookMiddleware(options) {
  if (options === null || typeof options !== 'object') {
    // Let the Webhook constructor report the missing options as INVALID_CONFIG.
    return webhookMiddleware({ webhook: new Webhook(options) });
  }
  const { webhook: given, forwardErrors = false, dedupe: guard, ...webhookOptions } = options;
  const webhook = given instanceof Webhook ? given : new Webhook(webhookOptions);
  const dedupe = dedupeOption(guard);
  const required = webhook.reply();

  const fail = (err, res, next) => {
    if (forwardErrors || !(err instanceof WebhookVerificationError)) next(err);
    else respondError(res, err);
  };
  const verify = (req, body) => webhook.verify(body, requestHeaders(req), { url: req.originalUrl ?? req.url });

  /** Hands the verified event to the handler, through the guard when there is one. */
  const accept = (req, res, next, event) => {
    req.webhook = event;
    requireReply(res, required);
    if (dedupe === undefined) return next();
    dedupe.begin(event).then(
      (claim) => {
        if (claim.duplicate) {
          res.statusCode = 200;
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(JSON.stringify(duplicateAnswer(event)));
          return;
        }
        // Done when the handler answered 2xx, released for the retry otherwise. A response
        // that never finishes (a crash, a dropped connection) leaves the claim to its lease.
        res.once('finish', () => (succeeded(res.statusCode) ? claim.complete() : claim.release()));
        next();
      },
      (err) => fail(err, res, next),
    );
  };

  return function signhookWebhook(req, res, next) {
    let event;
    try {
      if (isFastify(req, res)) internal.bodyNotRaw(FASTIFY_HINT);
      if (req.method === 'GET' && webhook.hasHandshake) return sendReply(res, webhook.handshake(requestHeaders(req)));
      const body = alreadyRead(req);
      if (body !== undefined) event = verify(req, body);
    } catch (err) {
      return fail(err, res, next);
    }
    if (event !== undefined) return accept(req, res, next, event);
    readBody(req, webhook).then(
      (raw) => {
        try {
          event = verify(req, decoded(req, webhook, raw));
        } catch (err) {
          return fail(err, res, next);
        }
        accept(req, res, next, event);
      },
      (err) => fail(err, res, next),
    );
  };
}
