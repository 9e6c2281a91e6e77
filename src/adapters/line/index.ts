/** LINE Messaging API adapter: the webhook route and the rich-menu tooling behind `mynapin line`. */
export { createLineRoute, LINE_WEBHOOK_PATH, type LineRoute, type LineRouteDeps } from './webhook.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './reply-sender.js';
