// Runs a Worker that imports 'signhook-wasm' in workerd (through miniflare), the way
// Wrangler deploys it: the package's `workerd` entry, its .wasm file as a CompiledWasm module.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

/** bindings-wasm/, the root every module name is relative to. */
export const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** The module list of a Worker whose entry is `entry` (a path inside bindings-wasm/). */
export function workerModules(entry) {
  const entryPoint = pkg.exports['.'].workerd.replace(/^\.\//, '');
  const file = (path) => root + path;
  // workerd resolves the bare specifier 'signhook-wasm' next to the importing module: a
  // module of that name there re-exports the package's workerd entry.
  const alias = posix.join(posix.dirname(entry), 'signhook-wasm');
  const target = posix.relative(posix.dirname(alias), entryPoint);
  // And 'signhook-wasm/cloudflare', the Durable Object store, the same way.
  const cloudflare = posix.join(alias, 'cloudflare');
  const cloudflareTarget = posix.relative(alias, pkg.exports['./cloudflare'].workerd.replace(/^\.\//, ''));
  return [
    { type: 'ESModule', path: file(entry) },
    { type: 'ESModule', path: file(alias), contents: `export * from './${target}';\n` },
    { type: 'ESModule', path: file(cloudflare), contents: `export * from './${cloudflareTarget}';\n` },
    ...['workers.js', 'webhook.js', 'dedupe.js', 'engine.js', 'signhook_wasm.js', 'cloudflare.js'].map((name) => ({
      type: 'ESModule',
      path: file(`pkg/${name}`),
    })),
    { type: 'CompiledWasm', path: file('pkg/signhook_wasm_bg.wasm') },
  ];
}

export const compatibilityDate = '2025-09-01';

/**
 * Starts `entry` in workerd on 127.0.0.1, on an ephemeral port; `options` are more Miniflare
 * options (Durable Objects, for one).
 * @returns {Promise<{ mf: Miniflare, url: URL }>}
 */
export async function startWorker(entry, bindings = {}, options = {}) {
  const mf = new Miniflare({
    modulesRoot: root,
    modules: workerModules(entry),
    compatibilityDate,
    bindings,
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const url = await mf.ready;
  return { mf, url };
}
