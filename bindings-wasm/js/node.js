// Entry for Node, Deno and Bun: reads the .wasm file beside this module and instantiates it
// synchronously, so the API is ready as soon as the import resolves.
import { readFileSync } from 'node:fs';
import { initSync } from './signhook_wasm.js';

initSync({ module: readFileSync(new URL('./signhook_wasm_bg.wasm', import.meta.url)) });

export { Webhook, WebhookVerificationError, engine } from './webhook.js';
export { DedupeGuard, MemoryStore, RedisStore } from './dedupe.js';
