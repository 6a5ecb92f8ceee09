// ES module entry of `signhook/express` (the implementation is express.js).
import express from './express.js';

export const { webhookMiddleware, captureRawBody, Webhook, WebhookVerificationError } = express;
export default express;
