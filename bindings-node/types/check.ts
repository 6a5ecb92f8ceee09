// Compiled with `tsc --noEmit` by test.sh: an example handler must type-check against the
// published declarations, and misuse must not.
import express from 'express';
import { Webhook, WebhookVerificationError, type Reply, type WebhookEvent } from 'signhook';
import { webhookMiddleware, captureRawBody } from 'signhook/express';

const app = express();
app.use('/api', express.json({ verify: captureRawBody }));

app.post('/webhooks/propper', webhookMiddleware({ provider: 'propper', secret: 'whsec_x' }), (req, res) => {
  const event = req.webhook!;
  res.json(describe(event));
});

function describe(event: WebhookEvent): string {
  switch (event.kind) {
    case 'document.signed': {
      const email: string | null | undefined = event.signer?.email;
      return `signed by ${email}`;
    }
    case 'document.completed':
      return `completed, download at ${event.downloadUrl ?? 'n/a'}`;
    case 'document.files_ready':
      return `files ready at ${event.downloadUrl ?? 'n/a'}`;
    case 'unknown':
      return `unmapped type ${event.type}`;
    default: {
      const kind: 'document.created' | 'document.sent' | 'document.viewed' | 'document.declined' | 'document.cancelled' | 'document.expired' = event.kind;
      return kind;
    }
  }
}

/** A Fetch handler that answers what the provider requires (Dropbox Sign's text, Adobe's header). */
export async function replying(request: Request): Promise<Response> {
  const webhook = new Webhook({ provider: 'adobesign', clientId: 'CBJCHBCAABAA' });
  if (request.method === 'GET' && webhook.hasHandshake) {
    const check: Reply | null = webhook.handshake(request.headers);
    return check === null ? new Response(null, { status: 404 }) : new Response(check.body, check);
  }
  const event = await webhook.verifyRequest(request);
  const authentication: 'client-id' | 'shared-secret' | 'hmac-metadata' | 'hmac-body' = event.authentication;
  const reply = webhook.reply();
  return new Response(reply.body ?? authentication, reply);
}

export async function POST(request: Request): Promise<Response> {
  const webhook = new Webhook({ provider: 'sajn', secrets: ['whsec_new', new Uint8Array([1, 2])], maxBodyBytes: 1 << 16 });
  try {
    const event = await webhook.verifyRequest(request, { now: 1767225600 });
    const headers: Record<string, string> = webhook.sign(JSON.stringify(event.payload));
    return Response.json({ id: event.id, headers });
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      const status: number = err.status;
      return Response.json({ error: err.code }, { status });
    }
    throw err;
  }
}

const krebit = new Webhook({ provider: 'krebit', secret: 'whsec_k', clientId: 'c1', tolerance: 300 });
krebit.verify(Buffer.from('{}'), { 'x-signature': ['a', 'b'] });
krebit.verify('{}', new Headers());
krebit.verify(new Uint8Array(), [['X-Signature', 'ab']]);

// @ts-expect-error: an unknown provider
new Webhook({ provider: 'acmesign', secret: 's' });
// @ts-expect-error: kind is a closed set
const impossible: WebhookEvent['kind'] = 'document.exploded';
void impossible;
