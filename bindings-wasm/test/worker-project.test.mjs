// The Worker project in examples/worker/ as a user deploys it: signhook-wasm installed from its
// packed tarball, bundled by `wrangler deploy --dry-run --outdir`, and that bundle (not the
// sources) run in workerd, answering real requests on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const samples = JSON.parse(readFileSync(here('../../demo/samples.json'), 'utf8')).providers;
const sign = (secret, body) => ({
  'X-Propper-Signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
});

const work = mkdtempSync(join(tmpdir(), 'signhook-worker-'));
const project = join(work, 'project');
const bundle = join(work, 'bundle');

/** Copies the project, installs the packed signhook-wasm into it and bundles it with Wrangler. */
function deployDryRun() {
  cpSync(here('../examples/worker'), project, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|\.wrangler|dist)$/.test(src),
  });
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: here('..'), encoding: 'utf8',
  }).trim().split('\n').pop();
  const installed = join(project, 'node_modules', 'signhook-wasm');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
  execFileSync(here('../node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', bundle], {
    cwd: project,
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Runs the bundle in workerd with `bindings`; `logs` collects what the Worker writes. */
async function serve(bindings, logs) {
  const files = readdirSync(bundle);
  const mf = new Miniflare({
    modulesRoot: bundle,
    modules: [
      { type: 'ESModule', path: join(bundle, 'index.js') },
      ...files.filter((f) => f.endsWith('.wasm')).map((f) => ({ type: 'CompiledWasm', path: join(bundle, f) })),
    ],
    compatibilityDate: '2026-04-01',
    bindings,
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) stream.on('data', (chunk) => logs.push(String(chunk)));
    },
  });
  return { mf, url: await mf.ready };
}

before(deployDryRun);
after(() => rmSync(work, { recursive: true, force: true }));

test('the packed signhook-wasm holds the Cloudflare entry its exports name', () => {
  const installed = join(project, 'node_modules', 'signhook-wasm');
  const { exports } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  for (const file of Object.values(exports['./cloudflare'])) {
    assert.ok(existsSync(join(installed, file)), `${file} is in the tarball`);
  }
});

test('Wrangler bundles the project: one module and signhook-wasm\'s .wasm file', () => {
  const files = readdirSync(bundle).filter((f) => !f.endsWith('.map') && f !== 'README.md');
  assert.equal(files.length, 2, files.join(', '));
  assert.ok(files.includes('index.js'));
  assert.ok(files.some((f) => f.endsWith('signhook_wasm_bg.wasm')), files.join(', '));
});

describe('the bundled Worker, configured as .dev.vars.example says', () => {
  const secret = 'whsec_worker_project';
  const event = samples.propper.events[3]; // document.completed
  const body = JSON.stringify(event);
  let worker;
  before(async () => {
    const example = readFileSync(here('../examples/worker/.dev.vars.example'), 'utf8');
    assert.match(example, /^WEBHOOK_SECRET=/m, 'the variable the Worker reads');
    worker = await serve({ WEBHOOK_SECRET: secret }, []);
  });
  after(() => worker.mf.dispose());
  const post = async (headers, text = body) => {
    const res = await fetch(worker.url, { method: 'POST', body: text, headers });
    return { status: res.status, json: await res.json() };
  };

  test('a signed Propper webhook is 200 with the event id', async () => {
    assert.deepEqual(await post(sign(secret, body)), { status: 200, json: { received: event.id } });
  });
  test('forged, tampered and unsigned requests are 401 with their codes', async () => {
    assert.equal((await post(sign('whsec_forger', body))).json.error, 'SIGNATURE_MISMATCH');
    const tampered = await post(sign(secret, body), body.replace('}', ',"x":1}'));
    assert.deepEqual([tampered.status, tampered.json.error], [401, 'SIGNATURE_MISMATCH']);
    const unsigned = await post({});
    assert.deepEqual([unsigned.status, unsigned.json.error], [401, 'MISSING_SIGNATURE']);
  });
  test('anything but POST is 405', async () => {
    const res = await fetch(worker.url);
    assert.equal(res.status, 405);
    await res.body?.cancel();
  });
  // Last: the Worker answers before reading the whole body, which ends the connection.
  test('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ ...event, pad: 'x'.repeat(1 << 20) });
    const res = await post(sign(secret, big), big);
    assert.deepEqual([res.status, res.json.error], [413, 'PAYLOAD_TOO_LARGE']);
  });
});

test('without WEBHOOK_SECRET the Worker logs why and answers 500 with no detail', async () => {
  const logs = [];
  const worker = await serve({}, logs);
  try {
    const body = JSON.stringify(samples.propper.events[0]);
    const res = await fetch(worker.url, { method: 'POST', body, headers: sign('whsec_any', body) });
    assert.equal(res.status, 500);
    assert.equal(await res.text(), 'Internal Server Error');
    for (let i = 0; i < 50 && !logs.join('').includes('not configured'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(logs.join(''), /signhook is not configured \(see \.dev\.vars\.example\): .*secret/);
  } finally {
    await worker.mf.dispose();
  }
});

test('the README shows the project\'s Worker verbatim', () => {
  const readme = readFileSync(here('../README.md'), 'utf8');
  const source = readFileSync(here('../examples/worker/src/index.js'), 'utf8');
  assert.ok(readme.includes('```js\n' + source + '```'), 'README.md and examples/worker/src/index.js differ');
});
