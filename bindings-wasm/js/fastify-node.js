// Entry of `signhook-wasm/fastify` (Node): instantiates the module, then the shared helper.
import './node.js';

export * from './fastify.js';
export { default } from './fastify.js';
