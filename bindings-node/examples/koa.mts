// Receive sajn webhooks in Koa with signhook (TypeScript, checked with tsc --strict).
//
//   SAJN_WEBHOOK_SECRET=whsec_... npx tsx examples/koa.mts   (or compile it with tsc)
import Koa from 'koa';
import Router from '@koa/router';
import { webhookMiddleware } from 'signhook/koa';

const app = new Koa();
const router = new Router();

// Mount it before any body parser: it reads the raw body itself and puts the event on
// ctx.state.webhook. Failures are answered for you (401, 400 or 413 with { "error", "message" }).
router.post('/webhooks/sajn', webhookMiddleware({ provider: 'sajn', secret: process.env.SAJN_WEBHOOK_SECRET }), (ctx) => {
  const event = ctx.state.webhook;
  console.log(`${event.kind} for document ${event.document?.id ?? '?'} (id ${event.id})`);
  ctx.body = { received: event.id };
});

app.use(router.routes());
app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
