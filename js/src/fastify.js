// Fastify plugin, shared by both npm packages: the routes of the scope that registers it
// receive the raw body (a content-type parser that reads it within maxBodyBytes), verified
// before the handler runs, with the event on `request.webhook`. Failures are answered like the
// Express middleware: the error's status and `{ "error": code, "message": ... }`. The rest of
// the app keeps its own parsers.
//
//   app.register(async (webhooks) => {
//     await webhooks.register(fastifyWebhook, { provider: 'propper', secret });
//     webhooks.post('/webhooks/propper', async (request) => ({ received: request.webhook.id }));
//   });
import { decoded, readBody, requestHeaders } from './node-http.js';
import { Webhook, WebhookVerificationError } from './webhook.js';
import { dedupeOption, duplicateAnswer, succeeded } from './dedupe.js';

const TEXT = 'text/plain; charset=utf-8';

export { Webhook, WebhookVerificationError };

/** Fastify's own register options, which are not Webhook options. */
const REGISTER_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];

/** Where a request keeps the guard's claim until its response is sent. */
const CLAIM = Symbol('signhook.claim');

/**
 * Fastify plugin: verifies every request to the routes registered in its scope and sets
 * `request.webhook`. Options: the `Webhook` options, or `webhook` (an existing `Webhook`);
 * `dedupe`, a `DedupeGuard`: a processed event's redelivery is answered 200
 * `{ "received": id, "duplicate": true }` without the handler, and an event is marked done
 * when the handler's answer is 2xx, released for the retry otherwise. The answer carries what
 * the provider requires (`webhook.reply()`): Dropbox Sign's exact body in place of a 2xx answer,
 * Adobe's echoed client id; a GET route in the scope answers Adobe's check of a new URL.
 */
export function fastifyWebhook(fastify, options, done) {
  const { webhook: given, dedupe: guard, ...rest } = options ?? {};
  for (const name of REGISTER_OPTIONS) delete rest[name];
  const webhook = given instanceof Webhook ? given : new Webhook(rest);
  const dedupe = dedupeOption(guard);
  const required = webhook.reply();

  fastify.decorateRequest('webhook', null);
  // Only this plugin's routes: content-type parsers are encapsulated.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, parsed) => {
    readBody(request.raw, webhook).then(
      (body) => parsed(null, body),
      (err) => parsed(err),
    );
  });
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' && webhook.hasHandshake) {
      const answer = webhook.handshake(requestHeaders(request.raw));
      return reply.code(answer.status).headers(answer.headers).send(answer.body ?? '');
    }
    const body = request.body ?? new Uint8Array(0);
    request.webhook = webhook.verify(decoded(request.raw, webhook, body), requestHeaders(request.raw), { url: request.raw.url });
    reply.headers(required.alwaysHeaders);
    if (dedupe === undefined) return;
    const claim = await dedupe.begin(request.webhook);
    if (claim.duplicate) return reply.code(200).send(duplicateAnswer(request.webhook));
    request[CLAIM] = claim;
  });
  if (required.body !== null) {
    // The provider's required body (Dropbox Sign) replaces any 2xx answer to a verified delivery.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (request.webhook === null || !succeeded(reply.statusCode)) return payload;
      reply.code(200).header('content-type', TEXT);
      return required.body;
    });
  }
  if (dedupe !== undefined) {
    fastify.addHook('onResponse', async (request, reply) => {
      const claim = request[CLAIM];
      if (claim !== undefined) await (succeeded(reply.statusCode) ? claim.complete() : claim.release());
    });
  }
  fastify.setErrorHandler(async (err, _request, reply) => {
    if (!(err instanceof WebhookVerificationError)) throw err;
    if (err.status === 413) reply.header('connection', 'close');
    reply.headers(err.headers ?? {});
    return reply.code(err.status).send({ error: err.code, message: err.message });
  });
  done();
}

// Like fastify-plugin: the hooks and the parser apply to the scope that registers the plugin.
// Register it inside the scope of your webhook routes, not at the root.
fastifyWebhook[Symbol.for('skip-override')] = true;
fastifyWebhook[Symbol.for('fastify.display-name')] = 'signhook';

export default fastifyWebhook;
