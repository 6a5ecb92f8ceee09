// Entry of `signhook-wasm/koa` (Node): instantiates the module, then the shared helper.
import './node.js';

export * from './koa.js';
