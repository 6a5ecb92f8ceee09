'use strict';
// CommonJS entry of `signhook/express` (the shared middleware, built into lib/express.js).
const { webhookMiddleware, captureRawBody, Webhook, WebhookVerificationError } = require('./lib/express.js');

module.exports = { webhookMiddleware, captureRawBody, Webhook, WebhookVerificationError };
