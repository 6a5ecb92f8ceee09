// A Worker that receives the webhooks of every provider on POST /webhooks/<provider>.
// Its configuration is the binding SIGNHOOK_CONFIG: { <provider>: { secret | secrets,
// clientId?, maxBodyBytes? } }. It answers what the provider requires (`webhook.reply()`):
// Dropbox Sign's text, Adobe's echoed client id, and Adobe's GET check of a new URL.
import { Webhook, WebhookVerificationError } from 'signhook-wasm';

let webhooks; // provider -> Webhook, built on the first request of this isolate

function configure(config) {
  const built = new Map();
  for (const [provider, options] of Object.entries(config)) {
    built.set(provider, new Webhook({ provider, ...options }));
  }
  return built;
}

const reply = (status, body, headers = {}) => Response.json(body, { status, headers });

export default {
  async fetch(request, env) {
    const match = /^\/webhooks\/([a-z]+)$/.exec(new URL(request.url).pathname);
    if (!['POST', 'GET'].includes(request.method) || !match) {
      return reply(404, { error: 'NOT_FOUND', message: 'POST /webhooks/krebit, /webhooks/sajn or /webhooks/propper' });
    }
    try {
      webhooks ??= configure(env.SIGNHOOK_CONFIG);
      const webhook = webhooks.get(match[1]);
      if (!webhook) return reply(404, { error: 'NOT_FOUND', message: `no webhook configured for ${match[1]}` });
      if (request.method === 'GET') {
        const check = webhook.handshake(request.headers);
        if (check === null) return reply(404, { error: 'NOT_FOUND', message: 'POST your webhooks here' });
        return new Response(check.body, check);
      }
      const event = await webhook.verifyRequest(request);
      const required = webhook.reply();
      // The event is named in headers too, which survive a required answer of the provider's.
      const answer = { ...required, headers: { ...required.headers, 'X-Event-Kind': event.kind, 'X-Event-Id': event.id } };
      // Dropbox Sign counts any answer but its text as a failed delivery.
      if (required.body !== null) return new Response(required.body, answer);
      return Response.json({ kind: event.kind, id: event.id, type: event.type }, answer);
    } catch (err) {
      // The error's own headers (Retry-After); a request that is not verified gets no echo.
      if (err instanceof WebhookVerificationError) return reply(err.status, { error: err.code, message: err.message }, err.headers);
      throw err;
    }
  },
};
