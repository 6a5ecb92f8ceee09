// Types of `signhook/koa` and `signhook-wasm/koa`.
import type { Middleware } from 'koa';
import type { DedupeGuard, Webhook, WebhookEvent, WebhookOptions } from './index.js';

export { Webhook, WebhookVerificationError } from './index.js';

/** Koa middleware: reads the raw body, verifies it, sets `ctx.state.webhook`. */
export function webhookMiddleware(
  options: (WebhookOptions | { webhook: Webhook }) & { dedupe?: DedupeGuard },
): Middleware<{ webhook: WebhookEvent }>;
