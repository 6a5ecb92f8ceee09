// A Worker that processes each Propper event once with a DedupeGuard on the SignhookDedupe
// Durable Object, for test/dedupe.test.mjs. GET /runs/<id> says how often the handler ran in
// this isolate; event ids starting with `evt_flaky` fail their first run with a 500, those
// starting with `evt_hang` never finish their first run (a request whose client gives up).
import { DedupeGuard, Webhook, WebhookVerificationError } from 'signhook-wasm';
import { DurableObjectStore } from 'signhook-wasm/cloudflare';

export { SignhookDedupe } from 'signhook-wasm/cloudflare';

const runs = new Map();
let webhook;
let guard;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === 'GET') return Response.json({ runs: runs.get(url.pathname.slice('/runs/'.length)) ?? 0 });
    webhook ??= new Webhook({ provider: 'propper', secret: env.WEBHOOK_SECRET });
    guard ??= new DedupeGuard({ store: new DurableObjectStore(env.SIGNHOOK_DEDUPE), leaseMs: Number(env.LEASE_MS) });
    try {
      const event = await webhook.verifyRequest(request);
      const { duplicate, result } = await guard.run(event, async ({ id }) => {
        const n = (runs.get(id) ?? 0) + 1;
        runs.set(id, n);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10)); // some work
        if (id.startsWith('evt_flaky') && n === 1) throw new Error('the database is down');
        if (id.startsWith('evt_hang') && n === 1) await new Promise((resolve) => setTimeout(resolve, 60_000));
        return n;
      });
      return Response.json(duplicate ? { received: event.id, duplicate } : { received: event.id, run: result });
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        return Response.json({ error: err.code, message: err.message }, { status: err.status });
      }
      return Response.json({ error: 'HANDLER_FAILED' }, { status: 500 });
    }
  },
};
