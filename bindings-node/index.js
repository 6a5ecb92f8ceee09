'use strict';
// CommonJS entry of `signhook`. The API is the shared JavaScript layer (../js/src/webhook.js,
// built into lib/), over the engine lib/engine.js loads: the native binary for this platform,
// or the WebAssembly build of the same core.
const { Webhook, WebhookVerificationError, engine } = require('./lib/webhook.js');
const { DedupeGuard, MemoryStore, RedisStore } = require('./lib/dedupe.js');

module.exports = { Webhook, WebhookVerificationError, engine, DedupeGuard, MemoryStore, RedisStore };
