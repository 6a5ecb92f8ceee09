// ES module entry of the `signhook` package (the implementation is index.js).
import signhook from './index.js';

export const { Webhook, WebhookVerificationError } = signhook;
export default signhook;
