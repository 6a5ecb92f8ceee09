// ES module entry of `signhook` (the same module instance as the CommonJS entry).
import signhook from './index.js';

export const { Webhook, WebhookVerificationError, engine } = signhook;
export default signhook;
