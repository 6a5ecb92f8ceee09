// Koa middleware, shared by both npm packages: reads the raw body itself within maxBodyBytes,
// verifies it and sets `ctx.state.webhook`. Failures are answered like the Express middleware:
// the error's status and `{ "error": code, "message": ... }`.
//
//   router.post('/webhooks/propper', webhookMiddleware({ provider: 'propper', secret }), (ctx) => {
//     ctx.body = { received: ctx.state.webhook.id };
//   });
import { decoded, readBody, requestHeaders } from './node-http.js';
import { Webhook, WebhookVerificationError, internal } from './webhook.js';
import { dedupeOption, duplicateAnswer, succeeded } from './dedupe.js';

export { Webhook, WebhookVerificationError };

const AFTER_PARSER_HINT =
  'a body parser (such as @koa/bodyparser) read this request before signhook could. Mount ' +
  "signhook's webhookMiddleware from 'signhook/koa' on the webhook route before any body parser: " +
  'it reads the raw body itself';

/**
 * Koa middleware that verifies a provider's webhook and sets `ctx.state.webhook`.
 * Options: the `Webhook` options, or `webhook` (an existing `Webhook`); `dedupe`, a
 * `DedupeGuard`: a processed event's redelivery is answered 200
 * `{ "received": id, "duplicate": true }` without the next middleware, and an event is marked
 * done when the answer is 2xx, released for the retry otherwise (or when `next` throws). The
 * answer carries what the provider requires (`webhook.reply()`): Dropbox Sign's exact body in
 * place of a 2xx answer, Adobe's echoed client id; on GET it answers Adobe's check of a new URL.
 */
export function webhookMiddleware(options) {
  const { webhook: given, dedupe: guard, ...webhookOptions } = options ?? {};
  const webhook = given instanceof Webhook ? given : new Webhook(options == null ? options : webhookOptions);
  const dedupe = dedupeOption(guard);
  const required = webhook.reply();
  /** The provider's required body (Dropbox Sign) in place of a 2xx answer. */
  const settle = (ctx) => {
    if (required.body === null || !succeeded(ctx.status)) return;
    ctx.status = 200;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = required.body;
  };
  return async function signhookWebhook(ctx, next) {
    let claim;
    try {
      const req = ctx.req;
      if (ctx.method === 'GET' && webhook.hasHandshake) {
        const answer = webhook.handshake(requestHeaders(req));
        ctx.set(answer.headers);
        ctx.status = answer.status;
        ctx.body = answer.body ?? '';
        return;
      }
      if (ctx.request.body !== undefined || req.readableEnded) internal.bodyNotRaw(AFTER_PARSER_HINT);
      const raw = await readBody(req, webhook);
      ctx.state.webhook = webhook.verify(decoded(req, webhook, raw), requestHeaders(req), { url: ctx.originalUrl });
      ctx.set(required.alwaysHeaders);
      claim = await dedupe?.begin(ctx.state.webhook);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      if (err.status === 413) ctx.set('Connection', 'close');
      ctx.set(err.headers ?? {});
      ctx.status = err.status;
      ctx.body = { error: err.code, message: err.message };
      return;
    }
    if (claim?.duplicate) {
      ctx.status = 200;
      ctx.body = duplicateAnswer(ctx.state.webhook);
      settle(ctx);
      return;
    }
    try {
      await next();
    } catch (err) {
      await claim?.release();
      throw err;
    }
    await (succeeded(ctx.status) ? claim?.complete() : claim?.release());
    settle(ctx);
  };
}
