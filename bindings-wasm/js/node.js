// Entry for Node, Deno and Bun: reads the .wasm file next to the glue and instantiates it
// synchronously, so the API is ready as soon as the import resolves.
import { readFileSync } from 'node:fs';
import { initSync } from '../web/signhook_wasm.js';

initSync({ module: readFileSync(new URL('../web/signhook_wasm_bg.wasm', import.meta.url)) });

export { Webhook, WebhookVerificationError } from '../web/signhook.js';
