// The signhook-wasm demo server: demo/worker.js in workerd on 127.0.0.1, one verifier per
// provider of demo/samples.json (its current secret; krebit's and Adobe's client id). Prints
// `listening <port>` when ready and serves until SIGTERM or SIGINT.
// Run after `bash bindings-wasm/build.sh` (which also installs the npm dev dependencies).
import { readFileSync } from 'node:fs';
import { startWorker } from '../test/workerd.mjs';

const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8'));

const config = {};
for (const [provider, sample] of Object.entries({ ...samples.providers, ...samples.body_not_covered })) {
  config[provider] = sample.secret === undefined ? {} : { secret: sample.secret };
  if (sample.client_id !== undefined) config[provider].clientId = sample.client_id;
}

const { mf, url } = await startWorker('demo/worker.js', { SIGNHOOK_CONFIG: config });
console.log(`listening ${url.port}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
