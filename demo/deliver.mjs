// Plays the providers: signs the sample events with node:crypto (independently of
// signhook) and delivers them to `${base}/webhooks/<provider>`, then replays, tampers,
// forges and signs with a rotated-out secret. Returns one result per delivery.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const samples = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8'));

const hmac = (key, message, encoding) => createHmac('sha256', key).update(message).digest(encoding);

/**
 * How each provider signs `body` with `secret` at `ts` (Unix seconds): the headers it sends,
 * as each platform documents them.
 */
const SIGNERS = {
  krebit: (body, secret) => ({ 'X-Signature': hmac(secret, body, 'hex') }),
  sajn: (body, secret) => ({ 'X-Sajn-Signature': hmac(secret, body, 'hex') }),
  propper: (body, secret) => ({ 'X-Propper-Signature': `sha256=${hmac(secret, body, 'hex')}` }),
  docusign: (body, secret) => ({ 'X-DocuSign-Signature-1': hmac(secret, body, 'base64') }),
  boldsign: (body, secret, ts) => ({ 'X-BoldSign-Signature': `t=${ts}, s0=${hmac(secret, `${ts}.${body}`, 'hex')}` }),
  yousign: (body, secret) => ({ 'X-Yousign-Signature-256': `sha256=${hmac(secret, body, 'hex')}` }),
  docuseal: (body, secret, ts) => ({ 'X-Docuseal-Signature': `${ts}.${hmac(secret, `${ts}.${body}`, 'hex')}` }),
  signatureapi: (body, secret, ts) => {
    // Standard Webhooks: the key is the base64 after `whsec_`; an id per message.
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const id = `msg_${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
    return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${hmac(key, `${id}.${ts}.${body}`, 'base64')}` };
  },
  documenso: (body, secret) => ({ 'X-Documenso-Secret': secret }),
  // PandaDoc signs in the URL (see queryFor); its header names the delivery.
  pandadoc: (body) => ({ 'X-PandaDoc-Webhook-Event-Id': createHash('sha256').update(body).digest('hex').slice(0, 32) }),
};

/** The query `provider` adds to its URL for `body`: PandaDoc's `?signature=<hex>`, else ''. */
export function queryFor(provider, body, secret = samples.providers[provider].secret) {
  return provider === 'pandadoc' ? `?signature=${hmac(secret, body, 'hex')}` : '';
}

/** The body `provider` sends for one sample event: PandaDoc's is an array of notifications. */
export function bodyFor(provider, event) {
  return JSON.stringify(provider === 'pandadoc' ? [event] : event);
}

/** The headers `provider` sends with `body`, signed with `secret` (its current one by default). */
export function headersFor(provider, body, secret = samples.providers[provider].secret) {
  const ts = Math.floor(Date.now() / 1000);
  const headers = { 'content-type': 'application/json', ...SIGNERS[provider](body, secret, ts) };
  const clientId = samples.providers[provider].client_id;
  if (clientId) headers['X-Client-Id'] = clientId;
  return headers;
}

/** The deliveries for one provider: [{ case, body, headers }]. */
export function deliveries(provider) {
  const cfg = samples.providers[provider];
  const bodies = cfg.events.map((e) => bodyFor(provider, e));
  const signed = (name, body, secret = cfg.secret) => ({
    case: name, body, headers: headersFor(provider, body, secret), query: queryFor(provider, body, secret),
  });
  const first = bodies[0];
  return [
    ...bodies.map((b, i) => signed(`deliver #${i + 1}`, b)),
    signed('redeliver #1', first),
    { ...signed('tampered body', first), body: first.replace(':', ': ') },
    signed('forged signature', first, 'not-the-secret'),
    signed('rotated-out secret', first, cfg.previous_secret),
  ];
}

/** Delivers everything to one runtime's server; returns rows of what it answered. */
export async function deliverAll(runtime, base) {
  const rows = [];
  for (const provider of Object.keys(samples.providers)) {
    const seen = new Set();
    for (const d of deliveries(provider)) {
      const res = await fetch(`${base}/webhooks/${provider}${d.query}`, { method: 'POST', headers: d.headers, body: d.body });
      const json = await res.json();
      const duplicate = res.status === 200 && seen.has(json.id);
      if (res.status === 200) seen.add(json.id);
      rows.push({
        runtime, provider, case: d.case, status: res.status,
        kind: json.kind ?? '', id: json.id ?? '', error: json.error ?? '', duplicate,
      });
    }
  }
  return rows;
}
