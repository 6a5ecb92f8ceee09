// A bounded load test of one webhook endpoint on 127.0.0.1: REQUESTS deliveries (80%
// genuine, 10% forged, 10% tampered) from CONCURRENCY keep-alive connections. Prints one
// JSON line: requests/s, how many forged or tampered requests were accepted and how many
// genuine ones were rejected, and the server's resident memory before, halfway and after
// (growth that stops by halfway is the runtime's heap settling, not a leak).
//
// node tests/load/client.mjs <base-url> <server-pid> [requests] [concurrency]
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [base, pid, requests = '100000', concurrency = '32'] = process.argv.slice(2);
const total = Number(requests);
const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8'));
const { secret, events } = samples.providers.propper;
const sign = (body, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

// A fixed pool of prepared requests, cycled: index % 10 === 0 forged, === 1 tampered.
const pool = events.map((e) => JSON.stringify(e)).flatMap((body) => [
  { kind: 'forged', body, signature: sign(body, 'whsec_attacker') },
  { kind: 'tampered', body: body.replace('"document.', '"document.x'), signature: sign(body) },
  ...Array.from({ length: 8 }, () => ({ kind: 'genuine', body, signature: sign(body) })),
]);

const rss = () => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024; // MiB
};

const url = new URL('/webhooks/propper', base);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('loopback only');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });

function post({ body, signature }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-propper-signature': signature },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.end(body);
  });
}

// Warm up, then measure memory and run.
for (let i = 0; i < 200; i++) await post(pool[i % pool.length]);
const rssBefore = rss();
const counts = { genuineAccepted: 0, genuineRejected: 0, forgedAccepted: 0, forgedRejected: 0, tamperedAccepted: 0, tamperedRejected: 0, other: 0 };
let next = 0;
let rssHalfway = null;
const started = process.hrtime.bigint();
async function worker() {
  while (next < total) {
    const r = pool[next++ % pool.length];
    if (next === total / 2) rssHalfway = rss();
    const status = await post(r);
    if (status === 200) counts[`${r.kind}Accepted`]++;
    else if (status === 401) counts[`${r.kind}Rejected`]++;
    else counts.other++;
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const rssAfter = rss();
agent.destroy();
console.log(JSON.stringify({
  requests: total, concurrency: Number(concurrency), seconds: +seconds.toFixed(2),
  rps: Math.round(total / seconds), ...counts,
  rssBeforeMiB: +rssBefore.toFixed(1), rssHalfwayMiB: +(rssHalfway ?? NaN).toFixed(1), rssAfterMiB: +rssAfter.toFixed(1),
}));
