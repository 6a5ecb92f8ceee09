// The cross-runtime demo: starts the Express, Flask and Workers (workerd) demo servers on
// 127.0.0.1, delivers the same signed samples to each, prints one table and exits non-zero
// if any runtime disagrees with another. Then two instances of the Express example with a
// DedupeGuard share one real Redis: an event delivered to one and redelivered to the other
// runs its handler once.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { deliverAll } from './deliver.mjs';
import { startRedis } from '../tests/redis/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNTIMES = [
  { name: 'express', cmd: ['node', 'bindings-node/demo/server.mjs'] },
  { name: 'flask', cmd: ['bindings-python/.venv/bin/python', 'bindings-python/demo/server.py'] },
  { name: 'workers', cmd: ['node', 'bindings-wasm/demo/serve.mjs'] },
].filter((r) => !process.env.DEMO_RUNTIMES || process.env.DEMO_RUNTIMES.split(',').includes(r.name));

function start({ name, cmd, env = {} }) {
  // Servers log each request on stderr; keep it, and show it only if the server fails.
  const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  child.stderr.on('data', (chunk) => { log = (log + chunk).slice(-4000); });
  return new Promise((resolve, reject) => {
    const fail = (why) => reject(new Error(`${name} ${why}${log ? `:\n${log}` : ''}`));
    const timer = setTimeout(() => fail('printed no "listening" line within 30 s'), 30_000);
    child.once('exit', (code) => fail(`exited early (${code})`));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      }
    });
  });
}

const servers = [];
let exitCode = 0;
try {
  const rows = [];
  for (const runtime of RUNTIMES) {
    const server = await start(runtime);
    servers.push(server);
    rows.push(...(await deliverAll(runtime.name, server.base)));
  }
  exitCode = printTable(rows);
  if (!process.env.DEMO_RUNTIMES) exitCode ||= await exactlyOnce();
} catch (err) {
  console.error(`demo failed: ${err.message}`);
  exitCode = 1;
} finally {
  for (const { child } of servers) child.kill('SIGTERM');
}
process.exit(exitCode);

function printTable(rows) {
  const names = RUNTIMES.map((r) => r.name);
  const keyed = new Map();
  for (const r of rows) {
    const key = `${r.provider}\u0000${r.case}`;
    if (!keyed.has(key)) keyed.set(key, {});
    keyed.get(key)[r.runtime] = r;
  }
  const outcome = (r) =>
    r ? `${r.status} ${r.error || r.kind}${r.reply ? ` ${r.reply}` : ''}${r.duplicate ? ' (duplicate)' : ''}`.replace('  ', ' ') : 'missing';
  const header = ['provider', 'case', ...names, 'id'];
  const lines = [];
  let disagreements = 0;
  for (const [key, byRuntime] of keyed) {
    const [provider, kase] = key.split('\u0000');
    const outcomes = names.map((n) => outcome(byRuntime[n]));
    const ids = new Set(names.map((n) => byRuntime[n]?.id ?? 'missing'));
    const agree = new Set(outcomes).size === 1 && ids.size === 1;
    if (!agree) disagreements += 1;
    lines.push([provider, kase, ...outcomes, [...ids].join(' | ') + (agree ? '' : '   <-- DISAGREE')]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(fmt(l));
  console.log(disagreements === 0
    ? `\nAll ${names.length} runtimes agree on all ${lines.length} deliveries.`
    : `\n${disagreements} deliveries differ between runtimes.`);
  return disagreements === 0 ? 0 : 1;
}

/** Two Express instances with a DedupeGuard on one Redis: a redelivery to the other instance. */
async function exactlyOnce() {
  console.log('\n== Exactly once: two Express instances sharing one Redis (examples/express-dedupe.mjs)');
  const { samples: { providers }, headersFor } = await import('./deliver.mjs');
  const redis = await startRedis();
  const instances = [];
  try {
    const env = { REDIS_URL: redis.url, PROPPER_WEBHOOK_SECRET: providers.propper.secret, PORT: '0' };
    for (const name of ['A', 'B']) {
      const server = await start({ name: `instance ${name}`, cmd: ['node', 'bindings-node/examples/express-dedupe.mjs'], env });
      const handled = [];
      createInterface({ input: server.child.stdout }).on('line', (line) => handled.push(line));
      instances.push({ name, ...server, handled });
    }
    const event = providers.propper.events[3];
    const body = JSON.stringify(event);
    const results = [];
    for (const [step, instance] of [['deliver', instances[0]], ['redeliver', instances[1]], ['redeliver', instances[0]]]) {
      let res;
      for (let i = 0; i < 100; i++) { // 503 until the instance's Redis connection is up
        res = await fetch(`${instance.base}/webhooks/propper`, { method: 'POST', body, headers: headersFor('propper', body) });
        if (res.status !== 503) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const text = await res.text();
      const answer = res.status === 204 ? 'processed' : text;
      console.log(`  ${step.padEnd(9)} ${event.id} to instance ${instance.name}: ${res.status} ${answer}`);
      results.push(res.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runs = instances.flatMap((i) => i.handled).filter((line) => line.includes(event.id)).length;
    console.log(`  the handler ran ${runs} time${runs === 1 ? '' : 's'} for ${event.id}`);
    return results.join() === '204,200,200' && runs === 1 ? 0 : 1;
  } finally {
    for (const { child } of instances) child.kill('SIGTERM');
    await redis.stop();
  }
}
