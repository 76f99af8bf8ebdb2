/** The manual provisioner (spec: agent-protocol.md §5 "manual"). */
export type { ManualCompletionSource, ManualInstanceDetails } from './completion';
export { ManualInstanceDetailsSchema } from './completion';
export type { ManualConfig, ManualConfigInput } from './config';
export { ManualConfigSchema } from './config';
export { InMemoryCompletionSource } from './memory-source';
export type { ManualProvisionerDeps } from './provisioner';
export { createManualProvisioner, MANUAL_ID_PREFIX } from './provisioner';
export type { ManualWebhookEvent, ManualWebhookEventName, WebhookCheck } from './webhook';
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhook';
