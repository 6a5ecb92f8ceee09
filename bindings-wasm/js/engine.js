// The engine of signhook-wasm: the core compiled to WebAssembly, with the same exports as the
// native engine of the `signhook` package. The entry modules (node.js, workers.js) instantiate
// the module before any of this is called.
export { createVerifier, checkNow, failure, createDedupe } from './signhook_wasm.js';

/** Which engine runs the core. */
export const name = 'wasm';
