// Installs the packed npm packages into a fresh project, as a user does before they are
// published (`npm install ./signhook-<version>.tgz ./signhook-<platform>-<version>.tgz`),
// and runs the README's Express quick starts (ESM and CommonJS) against real requests on
// loopback: on the native engine, forced onto the WebAssembly fallback, and with no platform
// package at all (a platform without a prebuilt binary). Requests are signed here with
// node:crypto, as Propper documents it.
//
//   SIGNHOOK_DIST=dist node --test tests/install/npm.test.mjs   (after scripts/dist.sh)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { start } from '../../bindings-node/test/spawn.mjs';

const dist = resolve(process.env.SIGNHOOK_DIST ?? 'dist');
const examples = fileURLToPath(new URL('../../bindings-node/examples/', import.meta.url));
const tarball = (prefix) => {
  const found = readdirSync(dist).filter((f) => f.startsWith(`${prefix}-0`) && f.endsWith('.tgz'));
  assert.equal(found.length, 1, `one ${prefix} tarball in ${dist}: ${found}`);
  return join(dist, found[0]);
};

const SECRET = 'whsec_install_test';
const body = JSON.stringify({
  id: 'evt_install_1', type: 'document.signed', created: '2026-01-01T09:07:00Z',
  data: { document: { id: 'doc_1', name: 'NDA.pdf', status: 'signed' }, signer: { id: 's1', email: 'lee@acme.example' } },
});
const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

function npm(cwd, ...args) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
}

function node(cwd, env, script) {
  return execFileSync(process.execPath, ['-e', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
}

/** Runs a quick start from the project directory and checks a genuine and a forged delivery. */
async function quickStart(project, file, env = {}) {
  copyFileSync(join(examples, file), join(project, file));
  const app = await start(join(project, file), { PROPPER_WEBHOOK_SECRET: SECRET, PORT: '0', ...env });
  try {
    const url = `${app.base}/webhooks/propper`;
    const ok = await fetch(url, { method: 'POST', body, headers: { 'X-Propper-Signature': signature } });
    assert.equal(ok.status, 204);
    const forged = await fetch(url, { method: 'POST', body, headers: { 'X-Propper-Signature': `sha256=${'0'.repeat(64)}` } });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).error, 'SIGNATURE_MISMATCH');
    for (let i = 0; i < 50 && !app.output.includes('lee@acme.example signed NDA.pdf'); i++) await sleep(20);
    assert.ok(app.output.includes('lee@acme.example signed NDA.pdf'), app.output.join('\n'));
  } finally {
    await app.stop();
  }
}

const engineOf = (project, env = {}) => node(project, env, "process.stdout.write(require('signhook').engine)");

describe('signhook installed from its tarballs with Express', () => {
  let project;
  before(() => {
    project = mkdtempSync(join(tmpdir(), 'signhook-install-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'webhook-app', private: true }));
    npm(project, 'install', tarball('signhook'), tarball('signhook-linux-x64-gnu'), 'express@5');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  test('the deduplication guard is exported, from CommonJS and ES modules, and runs', () => {
    const script = (load) => `${load}.then(async ({ DedupeGuard, MemoryStore, RedisStore, Webhook }) => {
      const w = new Webhook({ provider: 'propper', secret: 'whsec_i' });
      const body = JSON.stringify({ id: 'evt_i', type: 'document.signed', created: '2026-01-01T00:00:00Z', data: { document: { id: 'd' } } });
      const guard = new DedupeGuard({ store: new MemoryStore() });
      const first = await guard.run(w.verify(body, w.sign(body)), () => 'ran');
      const again = await guard.run(w.verify(body, w.sign(body)), () => 'ran');
      process.stdout.write([typeof RedisStore, first.result, again.duplicate].join(' '));
    })`;
    assert.equal(node(project, {}, script("Promise.resolve(require('signhook'))")), 'function ran true');
    assert.equal(node(project, {}, script("import('signhook')")), 'function ran true');
  });

  test('the native engine of the platform package loads', () => {
    assert.equal(engineOf(project), 'native');
  });

  test('the ESM quick start answers a signed and a forged delivery', () => quickStart(project, 'express.mjs'));
  test('the CommonJS quick start too', () => quickStart(project, 'express.cjs'));

  test('forced onto the WebAssembly fallback, the same quick starts pass', async () => {
    assert.equal(engineOf(project, { SIGNHOOK_ENGINE: 'wasm' }), 'wasm');
    await quickStart(project, 'express.mjs', { SIGNHOOK_ENGINE: 'wasm' });
    await quickStart(project, 'express.cjs', { SIGNHOOK_ENGINE: 'wasm' });
  });

  test('without a platform package, signhook falls back by itself', async () => {
    rmSync(join(project, 'node_modules', 'signhook-linux-x64-gnu'), { recursive: true });
    assert.equal(engineOf(project), 'wasm');
    await quickStart(project, 'express.mjs');
    // Forbidding the fallback names the platform, the libc and the loader error, and gives
    // no advice about lock files.
    const message = node(
      project,
      { SIGNHOOK_ENGINE: 'native' },
      "try { require('signhook') } catch (err) { process.stdout.write(err.message) }",
    );
    assert.match(message, /could not load an engine on linux-x64-gnu/);
    assert.match(message, /libc gnu/);
    assert.match(message, /signhook-linux-x64-gnu is not installed/);
    assert.doesNotMatch(message, /package-lock|lock ?file/i);
  });
});

test('signhook-wasm installed from its tarball verifies in Node', () => {
  const project = mkdtempSync(join(tmpdir(), 'signhook-wasm-install-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'wasm-app', private: true, type: 'module' }));
    npm(project, 'install', tarball('signhook-wasm'));
    const script = `import('signhook-wasm').then(({ Webhook, engine }) => {
      const w = new Webhook({ provider: 'propper', secret: ${JSON.stringify(SECRET)} });
      const e = w.verify(${JSON.stringify(body)}, { 'x-propper-signature': ${JSON.stringify(signature)} });
      process.stdout.write(engine + ' ' + e.kind);
    })`;
    assert.equal(node(project, {}, script), 'wasm document.signed');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
