// Entry of `signhook-wasm/express` (Node): instantiates the module, then the shared middleware.
import './node.js';

export { webhookMiddleware, captureRawBody, Webhook, WebhookVerificationError } from './express.js';
