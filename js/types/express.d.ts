// Types of `signhook/express` and `signhook-wasm/express` (checked by bindings-node/types/check.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DedupeGuard, Webhook, WebhookEvent, WebhookOptions } from './index.js';

export { Webhook, WebhookVerificationError } from './index.js';
export type { WebhookEvent } from './index.js';

interface MiddlewareBehaviour {
  /** Pass failures to `next(err)` instead of answering them (default false). */
  forwardErrors?: boolean;
  /**
   * Run the handler once per event across every instance sharing the guard's store: a
   * processed event's redelivery is answered 200 `{ received, duplicate: true }`.
   */
  dedupe?: DedupeGuard;
}

export type WebhookMiddlewareOptions =
  | (WebhookOptions & MiddlewareBehaviour)
  | ({ webhook: Webhook } & MiddlewareBehaviour);

/** Express/Connect middleware: reads the raw body, verifies it, sets `req.webhook`. */
export function webhookMiddleware(
  options: WebhookMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The `verify` callback for `express.json()`: keeps the raw bytes on `req.rawBody`. */
export function captureRawBody(req: IncomingMessage, res: ServerResponse, buf: Buffer): void;

declare global {
  namespace Express {
    interface Request {
      /** The verified event, set by signhook's `webhookMiddleware` (on its routes only). */
      webhook: WebhookEvent;
      /** The raw body, kept by `captureRawBody`. */
      rawBody?: Buffer;
    }
  }
}
