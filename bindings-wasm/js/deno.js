// Entry for Deno: the module's bytes are inlined (signhook_wasm_inline.js, written by
// build.sh), so importing signhook-wasm needs no --allow-read.
import wasmBytes from './signhook_wasm_inline.js';
import { initSync } from './signhook_wasm.js';

initSync({ module: wasmBytes });

export { Webhook, WebhookVerificationError, engine } from './webhook.js';
export { DedupeGuard, MemoryStore, RedisStore } from './dedupe.js';
