// Types of `signhook/fastify` and `signhook-wasm/fastify`.
import type { FastifyPluginCallback } from 'fastify';
import type { DedupeGuard, Webhook, WebhookEvent, WebhookOptions } from './index.js';

export { Webhook, WebhookVerificationError } from './index.js';

/** The `Webhook` options, or an existing `Webhook`. */
/** `dedupe`: run each event's handler once across every instance sharing the guard's store. */
export type FastifyWebhookOptions = (WebhookOptions | { webhook: Webhook }) & { dedupe?: DedupeGuard };

/** Fastify plugin: verifies the requests to the routes in its scope, sets `request.webhook`. */
export declare const fastifyWebhook: FastifyPluginCallback<FastifyWebhookOptions>;
export default fastifyWebhook;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified event, set by signhook's `fastifyWebhook` (on its routes only). */
    webhook: WebhookEvent;
  }
}
