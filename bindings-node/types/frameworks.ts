// Compiled with `tsc --strict` by test.sh: the Fastify and Koa quick starts as a TypeScript
// user writes them. A secret from process.env type-checks (it is rejected at run time with
// INVALID_CONFIG when missing); the verified event needs no `!`; `status` is a literal union.
import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import { WebhookVerificationError, type ErrorStatus } from 'signhook';
import { fastifyWebhook } from 'signhook/fastify';
import { webhookMiddleware } from 'signhook/koa';

const app = Fastify();
app.register(async (webhooks) => {
  await webhooks.register(fastifyWebhook, { provider: 'propper', secret: process.env.PROPPER_WEBHOOK_SECRET });
  webhooks.post('/webhooks/propper', async (request) => {
    const id: string = request.webhook.id;
    return { received: id, kind: request.webhook.kind };
  });
});

const koa = new Koa();
const router = new Router();
router.post('/webhooks/sajn', webhookMiddleware({ provider: 'sajn', secret: process.env.SAJN_WEBHOOK_SECRET }), (ctx) => {
  ctx.body = { received: ctx.state.webhook.id };
});
koa.use(router.routes());

export function statusOf(err: unknown): ErrorStatus | 500 {
  return err instanceof WebhookVerificationError ? err.status : 500;
}
const literal: 400 | 401 | 413 | 500 | 503 = statusOf(new Error());
void literal;
