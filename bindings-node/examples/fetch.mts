// Verify webhooks from a Fetch API Request (TypeScript, checked with tsc --strict): a Next.js
// route handler (app/api/webhooks/sajn/route.ts); the same function works in Hono, Bun or Deno.
import { Webhook, WebhookVerificationError } from 'signhook';

// Build it once, at module load.
const webhook = new Webhook({ provider: 'sajn', secret: process.env.SAJN_WEBHOOK_SECRET });

export async function POST(request: Request): Promise<Response> {
  try {
    const event = await webhook.verifyRequest(request);
    if (event.kind === 'document.signed') {
      console.log(`${event.signer?.name} signed ${event.document?.name} (${event.signer?.signatureType})`);
    }
    // sajn sends no event id; event.id is derived from the event and stable across retries.
    return Response.json({ received: event.id });
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      // err.status is 401 | 400 | 413 | 500: what to answer.
      return Response.json({ error: err.code, message: err.message }, { status: err.status });
    }
    throw err;
  }
}
