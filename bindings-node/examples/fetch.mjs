// Verify webhooks from a Fetch API Request: a Next.js route handler
// (app/api/webhooks/sajn/route.js), and the same function works in Hono, Bun or Deno.
import { Webhook } from 'signhook';

// Build it once, at module load.
const webhook = new Webhook({ provider: 'sajn', secret: process.env.SAJN_WEBHOOK_SECRET });

export async function POST(request) {
  let event;
  try {
    event = await webhook.verifyRequest(request);
  } catch (err) {
    // WebhookVerificationError: a stable code and the HTTP status to answer with.
    return Response.json({ error: err.code, message: err.message }, { status: err.status ?? 500 });
  }
  if (event.kind === 'document.signed') {
    console.log(`${event.signer?.name} signed ${event.document?.name} (${event.signer?.signatureType})`);
  }
  // sajn sends no event id; event.id is derived from the event and stable across retries.
  return Response.json({ received: event.id });
}
