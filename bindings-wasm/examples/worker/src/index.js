// A Cloudflare Worker that receives Propper webhooks.
// The secret comes from .dev.vars locally and `npx wrangler secret put WEBHOOK_SECRET` deployed.
import { Webhook, WebhookVerificationError } from 'signhook-wasm';

let webhook; // built on the first request, then reused by every request of this isolate

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') {
      return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
    }
    try {
      webhook ??= new Webhook({ provider: 'propper', secret: env.WEBHOOK_SECRET });
    } catch (err) {
      // A missing or malformed WEBHOOK_SECRET: the log says which, the caller only gets a 500.
      console.error(`signhook is not configured (see .dev.vars.example): ${err.message}`);
      return new Response('Internal Server Error', { status: 500 });
    }
    try {
      // Reads the raw body and checks the signature before parsing it.
      const event = await webhook.verifyRequest(request);

      // event.id stays the same when Propper retries: use it to skip duplicates.
      if (event.kind === 'document.completed') {
        console.log(`${event.document?.name} is signed: ${event.downloadUrl}`);
      }
      return Response.json({ received: event.id });
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        // 401 for a bad signature, 400 for a bad payload, 413 for an oversize body.
        return Response.json({ error: err.code, message: err.message }, { status: err.status });
      }
      throw err;
    }
  },
};
