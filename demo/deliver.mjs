// Plays the providers: signs the sample events with node:crypto (independently of
// signhook) and delivers them to `${base}/webhooks/<provider>`, then replays, tampers,
// forges and signs with a rotated-out secret. Returns one result per delivery.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const samples = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8'));

/** Every provider the demo delivers: those whose check covers the body, and the others. */
export const everyProvider = { ...samples.providers, ...samples.body_not_covered };

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
  // SignWell and Dropbox Sign sign in the body (see bodyFor); Dropbox Sign sends a form.
  signwell: () => ({}),
  dropboxsign: () => ({}),
  // Adobe signs nothing: each request names the receiving application.
  adobesign: (body, clientId) => ({ 'X-AdobeSign-ClientId': clientId }),
};

/** The hash a provider that signs in the body puts there, over the event's type and time. */
const BODY_HASH = {
  signwell: (event, secret) => ({ ...event, event: { ...event.event, hash: hmac(secret, `${event.event.type}@${event.event.time}`, 'hex') } }),
  dropboxsign: (event, secret) => ({
    ...event,
    event: { ...event.event, event_hash: hmac(secret, event.event.event_time + event.event.event_type, 'hex') },
  }),
};

/** The secret a delivery is signed with: Adobe's "secret" is the client id it names. */
const credential = (provider) => everyProvider[provider].secret ?? everyProvider[provider].client_id;

/** The query `provider` adds to its URL for `body`: PandaDoc's `?signature=<hex>`, else ''. */
export function queryFor(provider, body, secret = credential(provider)) {
  return provider === 'pandadoc' ? `?signature=${hmac(secret, body, 'hex')}` : '';
}

/**
 * The body `provider` sends for one sample event: PandaDoc's is an array of notifications;
 * SignWell's and Dropbox Sign's carry their hash, made with `secret`.
 */
export function bodyFor(provider, event, secret = credential(provider)) {
  if (BODY_HASH[provider]) return JSON.stringify(BODY_HASH[provider](event, secret));
  return JSON.stringify(provider === 'pandadoc' ? [event] : event);
}

/** The headers `provider` sends with `body`, signed with `secret` (its current one by default). */
export function headersFor(provider, body, secret = credential(provider)) {
  const ts = Math.floor(Date.now() / 1000);
  // Dropbox Sign's form sets its own multipart content type.
  const type = provider === 'dropboxsign' ? {} : { 'content-type': 'application/json' };
  const headers = { ...type, ...SIGNERS[provider](body, secret, ts) };
  if (provider === 'krebit') headers['X-Client-Id'] = samples.providers.krebit.client_id;
  return headers;
}

/** The deliveries for one provider: [{ case, body, headers, query, method? }]. */
export function deliveries(provider) {
  const cfg = everyProvider[provider];
  const signed = (name, event, secret = credential(provider)) => {
    const body = bodyFor(provider, event, secret);
    return { case: name, body, headers: headersFor(provider, body, secret), query: queryFor(provider, body, secret) };
  };
  const first = signed('', cfg.events[0]);
  const checks = [
    ...cfg.events.map((e, i) => signed(`deliver #${i + 1}`, e)),
    { ...first, case: 'redeliver #1' },
    { ...first, case: 'tampered body', body: first.body.replace(':', ': ') },
    signed('forged signature', cfg.events[0], 'not-the-secret'),
  ];
  if (cfg.previous_secret) checks.push(signed('rotated-out secret', cfg.events[0], cfg.previous_secret));
  // Adobe checks a new URL with a GET first, which must echo its client id.
  if (provider === 'adobesign') checks.unshift({ ...first, case: 'URL check (GET)', method: 'GET', body: undefined });
  return checks;
}

/** What a delivery sends as its body: Dropbox Sign's callback is the `json` field of a form. */
function sent(provider, body) {
  if (provider !== 'dropboxsign' || body === undefined) return body;
  const form = new FormData();
  form.append('json', body);
  return form;
}

/** Delivers everything to one runtime's server; returns rows of what it answered. */
export async function deliverAll(runtime, base) {
  const rows = [];
  for (const provider of Object.keys(everyProvider)) {
    const seen = new Set();
    for (const d of deliveries(provider)) {
      const res = await fetch(`${base}/webhooks/${provider}${d.query}`, {
        method: d.method ?? 'POST', headers: d.headers, body: sent(provider, d.body),
      });
      const text = await res.text();
      // The demo servers answer the event as JSON, and name it in headers too: a provider that
      // requires its own answer (Dropbox Sign's text) gets that answer instead of the JSON.
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = { kind: res.headers.get('x-event-kind') ?? undefined, id: res.headers.get('x-event-id') ?? undefined, reply: text };
      }
      const duplicate = res.status === 200 && json.id !== undefined && seen.has(json.id);
      if (res.status === 200 && json.id !== undefined) seen.add(json.id);
      const echoed = res.headers.get('x-adobesign-clientid');
      rows.push({
        runtime, provider, case: d.case, status: res.status,
        kind: json.kind ?? '', id: json.id ?? '', error: json.error ?? '', duplicate,
        reply: [json.reply ? `"${json.reply}"` : '', echoed ? `echoes ${echoed.slice(0, 12)}…` : ''].filter(Boolean).join(', '),
      });
    }
  }
  return rows;
}
