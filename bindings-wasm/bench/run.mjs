// Benchmarks signhook-wasm against the hand-written WebCrypto recipe, side by side in workerd,
// and measures the module's start-up cost.
//
//   bash bindings-wasm/build.sh && node bindings-wasm/bench/run.mjs [--scan]
//
// Measured is the CPU time the workerd process spends per request (what Workers bill), read
// from /proc, so that other work on the machine does not count. Each row runs its variants
// in turns, ROUNDS times, about TARGET_MS of CPU each, and reports the median. Every
// iteration builds a new Request, so `request` (building and reading it) is reported too and
// the `net` ratios subtract it. `--scan` adds the sizes used to choose the WebCrypto
// threshold of verifyRequest.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startWorker } from '../test/workerd.mjs';

const TARGET_MS = 150;
const ROUNDS = 5;
const scan = process.argv.includes('--scan');

const { mf, url } = await startWorker('bench/worker.js');

/** The workerd process miniflare started (a child of this process). */
function workerdPid() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd')) return pid;
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error('workerd process not found');
}
const pid = workerdPid();

/** Nanoseconds on CPU of every thread of workerd so far. */
function cpuNs() {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

async function job(body) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
  return res.json();
}

/** CPU microseconds per request of `variant`, over `iterations` requests. */
async function cpuPerRequest(variant, size, shape, iterations) {
  const before = cpuNs();
  await job({ variant, size, shape, iterations });
  return (cpuNs() - before) / 1000 / iterations;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median CPU µs per request of each variant, the variants taking turns. */
async function measure(size, shape, variants) {
  const iterations = {};
  for (const v of variants) {
    const probe = await cpuPerRequest(v, size, shape, 8);
    iterations[v] = Math.max(8, Math.round((TARGET_MS * 1000) / probe));
  }
  const samples = Object.fromEntries(variants.map((v) => [v, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      samples[v].push(await cpuPerRequest(v, size, shape, iterations[v]));
    }
  }
  return Object.fromEntries(variants.map((v) => [v, median(samples[v])]));
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
const ratio = (a, b) => (a / b).toFixed(2);
const label = (size) => (size >= 1 << 20 ? `${size >> 20} MB` : size >= 1024 ? `${size >> 10} KB` : `${size} B`);

// Warm up: V8 runs new code in a baseline tier first and optimizes it in the background.
for (const v of ['recipe', 'signhook', 'signhook+payload', 'signhook/wasm-hash', 'signhook/webcrypto-hash']) {
  for (const size of [1 << 10, 64 << 10]) await job({ variant: v, size, shape: 'fields', iterations: size > 4096 ? 200 : 2000 });
}

console.log(`signhook-wasm vs the WebCrypto recipe in workerd: CPU time per request (median of ${ROUNDS})\n`);
const main = ['request', 'recipe', 'signhook', 'signhook+payload'];
for (const shape of ['fields', 'blob']) {
  console.log(`body: ${shape === 'fields' ? 'a Propper event with many small form fields' : 'a Propper event with one long string field'}`);
  console.log('| size | request alone | recipe | signhook | ratio | net ratio | signhook + payload | ratio | net ratio |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const size of [1 << 10, 64 << 10, 1 << 20]) {
    const t = await measure(size, shape, main);
    const net = (v) => t[v] - t.request;
    console.log(
      `| ${label(size)} | ${fmt(t.request)} | ${fmt(t.recipe)} | ${fmt(t.signhook)} | ${ratio(t.signhook, t.recipe)} | ` +
        `${ratio(net('signhook'), net('recipe'))} | ${fmt(t['signhook+payload'])} | ${ratio(t['signhook+payload'], t.recipe)} | ` +
        `${ratio(net('signhook+payload'), net('recipe'))} |`,
    );
  }
  console.log('');
}

if (scan) {
  console.log('hashing path by size (many small fields): where WebCrypto starts to pay off');
  console.log('| size | recipe | signhook, wasm hash | signhook, WebCrypto hash | wasm / WebCrypto |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const size of [256, 1 << 10, 2 << 10, 4 << 10, 8 << 10, 16 << 10, 64 << 10, 1 << 20]) {
    const t = await measure(size, 'fields', ['recipe', 'signhook/wasm-hash', 'signhook/webcrypto-hash']);
    const w = t['signhook/wasm-hash'];
    const c = t['signhook/webcrypto-hash'];
    console.log(`| ${label(size)} | ${fmt(t.recipe)} | ${fmt(w)} | ${fmt(c)} | ${ratio(w, c)} |`);
  }
  console.log('');
}

// Start-up: instantiation in workerd (workerd compiles the module when it loads the Worker),
// compilation and instantiation in Node (the same V8).
const instantiate = (await job({ variant: 'instantiate', rounds: 200 })).ms;
await mf.dispose();

const bytes = readFileSync(new URL('../pkg/signhook_wasm_bg.wasm', import.meta.url));
let compile = Infinity;
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  new WebAssembly.Module(bytes);
  compile = Math.min(compile, performance.now() - start);
}
const start = performance.now();
const { Webhook } = await import('../pkg/node.js');
const importMs = performance.now() - start;
const first = performance.now();
const webhook = new Webhook({ provider: 'propper', secret: 'whsec_start' });
const body = '{"id":"evt_1","type":"document.sent"}';
webhook.verify(body, webhook.sign(body));
const firstMs = performance.now() - first;
console.log('start-up');
console.log(`- module: ${bytes.length} bytes`);
console.log(`- instantiate in workerd (new WebAssembly.Instance, mean of 200): ${instantiate.toFixed(3)} ms`);
console.log(`- compile in Node (new WebAssembly.Module, best of 20): ${compile.toFixed(3)} ms`);
console.log(`- import of the Node entry (read, compile, instantiate, glue): ${importMs.toFixed(2)} ms`);
console.log(`- first new Webhook + sign + verify after import: ${firstMs.toFixed(2)} ms`);
