// ES module entry of `signhook` (the same module instance as the CommonJS entry).
import signhook from './index.js';

export const { Webhook, WebhookVerificationError, engine, DedupeGuard, MemoryStore, RedisStore } = signhook;
export default signhook;
