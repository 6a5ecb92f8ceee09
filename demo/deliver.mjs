// Plays the providers: signs the sample events with node:crypto (independently of
// signhook) and delivers them to `${base}/webhooks/<provider>`, then replays, tampers,
// forges and signs with a rotated-out secret. Returns one result per delivery.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const samples = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8'));

const SIGNATURE = {
  krebit: { header: 'X-Signature', format: (hex) => hex },
  sajn: { header: 'X-Sajn-Signature', format: (hex) => hex },
  propper: { header: 'X-Propper-Signature', format: (hex) => `sha256=${hex}` },
};

/** The headers `provider` sends with `body`, signed with `secret` (its current one by default). */
export function headersFor(provider, body, secret = samples.providers[provider].secret) {
  const { header, format } = SIGNATURE[provider];
  const headers = { 'content-type': 'application/json', [header]: format(createHmac('sha256', secret).update(body).digest('hex')) };
  const clientId = samples.providers[provider].client_id;
  if (clientId) headers['X-Client-Id'] = clientId;
  return headers;
}

/** The deliveries for one provider: [{ case, body, headers }]. */
export function deliveries(provider) {
  const cfg = samples.providers[provider];
  const bodies = cfg.events.map((e) => JSON.stringify(e));
  const signed = (name, body, secret = cfg.secret) => ({ case: name, body, headers: headersFor(provider, body, secret) });
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
      const res = await fetch(`${base}/webhooks/${provider}`, { method: 'POST', headers: d.headers, body: d.body });
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
