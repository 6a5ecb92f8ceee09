// The cross-runtime demo: starts the Express, Flask and Workers (workerd) demo servers on
// 127.0.0.1, delivers the same signed samples to each, prints one table and exits non-zero
// if any runtime disagrees with another.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { deliverAll } from './deliver.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNTIMES = [
  { name: 'express', cmd: ['node', 'bindings-node/demo/server.mjs'] },
  { name: 'flask', cmd: ['bindings-python/.venv/bin/python', 'bindings-python/demo/server.py'] },
  { name: 'workers', cmd: ['node', 'bindings-wasm/demo/serve.mjs'] },
].filter((r) => !process.env.DEMO_RUNTIMES || process.env.DEMO_RUNTIMES.split(',').includes(r.name));

function start({ name, cmd }) {
  // Servers log each request on stderr; keep it, and show it only if the server fails.
  const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const outcome = (r) => (r ? `${r.status} ${r.error || r.kind}${r.duplicate ? ' (duplicate)' : ''}` : 'missing');
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
