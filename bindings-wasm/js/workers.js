// Entry for Cloudflare Workers (and other runtimes that import .wasm files as modules): the
// module is compiled by the runtime at deploy time and instantiated synchronously here.
import wasmModule from './signhook_wasm_bg.wasm';
import { initSync } from './signhook_wasm.js';

initSync({ module: wasmModule });

export { Webhook, WebhookVerificationError, engine } from './webhook.js';
export { DedupeGuard, MemoryStore, RedisStore } from './dedupe.js';
