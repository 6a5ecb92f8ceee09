// The implementation under test. The same suites run against every way a user gets signhook's
// JavaScript API, chosen by SIGNHOOK_IMPL:
//   native    `signhook` on its native engine (the default)
//   fallback  `signhook` forced onto its WebAssembly fallback (SIGNHOOK_ENGINE=wasm)
//   wasm      `signhook-wasm` in Node
// Each must report the engine it is expected to run on, so a silent fallback fails here.
import assert from 'node:assert/strict';

const which = process.env.SIGNHOOK_IMPL || 'native';
const entries = {
  native: ['../../bindings-node/index.mjs', '../../bindings-node/express.mjs', 'native'],
  fallback: ['../../bindings-node/index.mjs', '../../bindings-node/express.mjs', 'wasm'],
  wasm: ['../../bindings-wasm/pkg/node.js', '../../bindings-wasm/pkg/express-node.js', 'wasm'],
};
if (!(which in entries)) {
  throw new Error(`SIGNHOOK_IMPL must be one of ${Object.keys(entries).join(', ')}, not ${JSON.stringify(which)}`);
}
const [mainEntry, expressEntry, expectedEngine] = entries[which];
if (which === 'fallback') process.env.SIGNHOOK_ENGINE = 'wasm';

const main = await import(mainEntry);
const express = await import(expressEntry);
assert.equal(main.engine, expectedEngine, `SIGNHOOK_IMPL=${which} runs on the ${main.engine} engine`);
assert.equal(express.Webhook, main.Webhook, 'the express entry shares the main entry\'s classes');

export const { Webhook, WebhookVerificationError, engine } = main;
export const { webhookMiddleware, captureRawBody } = express;
export const implName = which;
