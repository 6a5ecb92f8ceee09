// The benchmark's Worker: times signhook-wasm against the hand-written WebCrypto recipe
// inside workerd. POST a JSON job { variant, size, shape, iterations }: it runs the variant
// that many times, each time on a new Request, as in a Worker. bench/run.mjs measures the
// CPU time workerd spends on it.
import wasmModule from '../pkg/signhook_wasm_bg.wasm';
import { Webhook } from 'signhook-wasm';

const SECRET = 'whsec_bench_secret';
const URL_ = 'https://bench.example/webhooks/propper';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A Propper event of about `size` bytes: many small fields ('fields'), or one long string ('blob'). */
function makeBody(size, shape) {
  const event = {
    id: 'evt_01JBENCH0001',
    type: 'document.completed',
    created: '2026-01-01T09:07:02Z',
    data: {
      document: { id: 'doc_77', name: 'NDA – Acme.pdf', status: 'completed', completedAt: '2026-01-01T09:07:01Z' },
      signer: { id: 'sgn_1', email: 'lee@acme.example', name: 'Lee Park', signedAt: '2026-01-01T09:06:59Z' },
      downloadUrl: 'https://app.propper.example/documents/doc_77/download',
    },
  };
  const base = JSON.stringify(event).length;
  if (shape === 'blob') {
    event.data.attachment = 'QUJD'.repeat(Math.max(0, Math.floor((size - base - 20) / 4)));
  } else {
    event.data.fields = [];
    let length = base + 12;
    for (let i = 0; length < size - 60; i++) {
      const field = { name: `field_${i}`, value: `Value ${i} of the signed form`, page: (i % 9) + 1 };
      event.data.fields.push(field);
      length += JSON.stringify(field).length + 1;
    }
  }
  return encoder.encode(JSON.stringify(event));
}

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

let recipeKey;
const fixtures = new Map();
async function fixture(size, shape) {
  const id = `${size}/${shape}`;
  if (!fixtures.has(id)) {
    recipeKey ??= await crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const body = makeBody(size, shape);
    const signature = `sha256=${hex(await crypto.subtle.sign('HMAC', recipeKey, body))}`;
    fixtures.set(id, { body, headers: { 'Content-Type': 'application/json', 'X-Propper-Signature': signature } });
  }
  return fixtures.get(id);
}

/** The hand-written recipe: an imported HMAC key, crypto.subtle.verify, JSON.parse. */
async function recipe(request) {
  const header = request.headers.get('x-propper-signature') ?? '';
  const sigHex = header.startsWith('sha256=') ? header.slice(7) : header;
  const signature = new Uint8Array(sigHex.length >> 1);
  for (let i = 0; i < signature.length; i++) signature[i] = parseInt(sigHex.substr(2 * i, 2), 16);
  const body = await request.arrayBuffer();
  if (!(await crypto.subtle.verify('HMAC', recipeKey, signature, body))) throw new Error('signature mismatch');
  return JSON.parse(decoder.decode(body));
}

const webhook = new Webhook({ provider: 'propper', secret: SECRET });
const withThreshold = async (threshold, request) => {
  const saved = Webhook.nativeHashThreshold;
  Webhook.nativeHashThreshold = threshold;
  try {
    return await webhook.verifyRequest(request);
  } finally {
    Webhook.nativeHashThreshold = saved;
  }
};

const variants = {
  // Building and reading the Request alone: what every variant pays before verifying.
  request: async (request) => request.arrayBuffer(),
  recipe,
  signhook: (request) => webhook.verifyRequest(request),
  'signhook+payload': async (request) => (await webhook.verifyRequest(request)).payload,
  'signhook/wasm-hash': (request) => withThreshold(Infinity, request),
  'signhook/webcrypto-hash': (request) => withThreshold(0, request),
};

/** Instantiating the compiled module (its imports stubbed: they are not called at start). */
function instantiateMs(rounds) {
  const imports = {};
  for (const { module, name } of WebAssembly.Module.imports(wasmModule)) {
    imports[module] ??= {};
    imports[module][name] = () => {};
  }
  const start = performance.now();
  for (let i = 0; i < rounds; i++) new WebAssembly.Instance(wasmModule, imports);
  return (performance.now() - start) / rounds;
}

export default {
  async fetch(request) {
    const job = await request.json();
    if (job.variant === 'instantiate') return Response.json({ ms: instantiateMs(job.rounds) });
    const run = variants[job.variant];
    const { body, headers } = await fixture(job.size, job.shape);
    for (let i = 0; i < job.iterations; i++) {
      const result = await run(new Request(URL_, { method: 'POST', body, headers }));
      if (result === undefined) throw new Error(`${job.variant} returned nothing`);
    }
    return Response.json({ bytes: body.length });
  },
};
