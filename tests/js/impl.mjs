// The implementation under test. The same suites run against every way a user gets signhook's
// JavaScript API, chosen by SIGNHOOK_IMPL:
//   native    `signhook` on its native engine (the default)
//   fallback  `signhook` forced onto its WebAssembly fallback (SIGNHOOK_ENGINE=wasm)
//   wasm      `signhook-wasm` in Node
// Each must report the engine it is expected to run on, so a silent fallback fails here.
import assert from 'node:assert/strict';

const which = process.env.SIGNHOOK_IMPL || 'native';
const node = (name) => `../../bindings-node/${name}.mjs`;
const wasm = (name) => `../../bindings-wasm/pkg/${name}.js`;
const entries = {
  native: [node('index'), node('express'), node('fastify'), node('koa'), 'native'],
  fallback: [node('index'), node('express'), node('fastify'), node('koa'), 'wasm'],
  wasm: [wasm('node'), wasm('express-node'), wasm('fastify-node'), wasm('koa-node'), 'wasm'],
};
if (!(which in entries)) {
  throw new Error(`SIGNHOOK_IMPL must be one of ${Object.keys(entries).join(', ')}, not ${JSON.stringify(which)}`);
}
const [mainEntry, expressEntry, fastifyEntry, koaEntry, expectedEngine] = entries[which];
if (which === 'fallback') process.env.SIGNHOOK_ENGINE = 'wasm';

const main = await import(mainEntry);
const express = await import(expressEntry);
const fastify = await import(fastifyEntry);
const koa = await import(koaEntry);
assert.equal(main.engine, expectedEngine, `SIGNHOOK_IMPL=${which} runs on the ${main.engine} engine`);
for (const helper of [express, fastify, koa]) {
  assert.equal(helper.Webhook, main.Webhook, "every helper entry shares the main entry's classes");
}

export const { Webhook, WebhookVerificationError, engine, DedupeGuard, MemoryStore, RedisStore } = main;
export const { webhookMiddleware, captureRawBody } = express;
export const { fastifyWebhook } = fastify;
export const koaWebhookMiddleware = koa.webhookMiddleware;
export const implName = which;
