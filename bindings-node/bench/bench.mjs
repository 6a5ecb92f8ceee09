// signhook against the providers' own recipe, side by side in one process:
//   createHmac('sha256', secret).update(raw).digest('hex') + timingSafeEqual + JSON.parse
// on a Propper event of 1 KB, 64 KB and 1 MB. `npm run bench` (after `npm run build`);
// `SIGNHOOK_ENGINE=wasm npm run bench` measures the WebAssembly fallback engine.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook, engine } from 'signhook';

const SECRET = 'whsec_bench_secret';
const ROUNDS = 5;

/** A Propper `document.signed` event padded to about `size` bytes with form fields. */
function propperEvent(size) {
  let body =
    '{"id":"evt_01JBENCH0000000000000000","type":"document.signed","created":"2026-01-01T00:00:00Z",' +
    '"data":{"document":{"id":"doc_77","name":"NDA – Acme.pdf","status":"signed"},' +
    '"signer":{"id":"sgn_1","email":"lee@acme.example","name":"Lee Park","signedAt":"2026-01-01T00:00:00Z"},"fields":[';
  for (let i = 0; body.length + 80 < size; i++) {
    body += `${i ? ',' : ''}{"name":"field_${i}","type":"text","value":"Value number ${i} with some text"}`;
  }
  return Buffer.from(body + ']}}');
}

/** The recipe as the providers' guides print it. */
function recipe(raw, headers) {
  const expected = Buffer.from('sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex'));
  const given = Buffer.from(String(headers['x-propper-signature'] ?? ''));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
  return JSON.parse(raw);
}

/** Runs `fn` for about `ms` milliseconds; returns microseconds per call. */
function measure(fn, ms) {
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(ms * 1e6);
  let now = start;
  while (now < until) {
    for (let i = 0; i < 16; i++) sink ^= fn().length;
    n += 16;
    now = process.hrtime.bigint();
  }
  if (sink === 0.5) console.log(sink);
  return Number(now - start) / 1e3 / n;
}

/** Best of ROUNDS alternating runs of each function (noise only ever adds time). */
function compare(fns, ms) {
  const best = fns.map(() => Infinity);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((fn, i) => {
      best[i] = Math.min(best[i], measure(fn, ms));
    });
  }
  return best;
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);

const webhook = new Webhook({ provider: 'propper', secret: SECRET, maxBodyBytes: 4 << 20 });
const rows = [];
for (const [label, size, ms] of [['1 KB', 1 << 10, 300], ['64 KB', 64 << 10, 400], ['1 MB', 1 << 20, 1500]]) {
  const raw = propperEvent(size);
  // The headers as Node's req.headers has them for a real delivery.
  const headers = {
    host: '127.0.0.1:3000', 'user-agent': 'Propper-Webhook/1.4', 'content-type': 'application/json',
    'content-length': String(raw.length), 'x-propper-signature': webhook.sign(raw)['X-Propper-Signature'],
    'accept-encoding': 'gzip', connection: 'keep-alive',
  };
  const fields = [
    () => {
      const p = recipe(raw, headers);
      return [p.type, p.data.document.id, p.data.signer.email];
    },
    () => {
      const e = webhook.verify(raw, headers);
      return [e.kind, e.document.id, e.signer.email];
    },
  ];
  const whole = [
    () => {
      const p = recipe(raw, headers);
      return p.data.fields;
    },
    () => webhook.verify(raw, headers).payload.data.fields,
  ];
  for (const [what, fns] of [['fields', fields], ['payload', whole]]) {
    const [a, b] = compare(fns, ms);
    rows.push({ size: label, read: what, recipe: fmt(a), signhook: fmt(b), speedup: `${(a / b).toFixed(2)}×` });
  }
}

console.log(`engine: ${engine}; node ${process.version}, ${ROUNDS} rounds each, best round reported; speedup = recipe time / signhook time`);
console.log('fields: verify + read kind, document.id, signer.email; payload: verify + read the whole payload\n');
console.log('| body | read | recipe | signhook | speedup |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.size} | ${r.read} | ${r.recipe} | ${r.signhook} | ${r.speedup} |`);
