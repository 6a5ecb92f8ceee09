// ES module entry of `signhook/fastify` (the same module instance as the CommonJS entry).
import fastify from './fastify.js';

export const { fastifyWebhook, Webhook, WebhookVerificationError } = fastify;
export default fastifyWebhook;
