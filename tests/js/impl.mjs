// The implementation under test. The same suite runs against the native Node package
// (default) and the WebAssembly package (SIGNHOOK_IMPL=wasm): both expose one JS API.
const which = process.env.SIGNHOOK_IMPL || 'node';

let mod;
if (which === 'wasm') {
  mod = await import('../../bindings-wasm/pkg/node/index.js');
} else if (which === 'node') {
  mod = await import('../../bindings-node/index.mjs');
} else {
  throw new Error(`SIGNHOOK_IMPL must be "node" or "wasm", not ${JSON.stringify(which)}`);
}

export const { Webhook, WebhookVerificationError } = mod;
export const implName = which;
