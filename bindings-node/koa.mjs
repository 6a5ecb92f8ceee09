// ES module entry of `signhook/koa` (the same module instance as the CommonJS entry).
import koa from './koa.js';

export const { webhookMiddleware, Webhook, WebhookVerificationError } = koa;
export default koa;
