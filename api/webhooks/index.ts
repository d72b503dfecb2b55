import { aftership } from './aftership';
import { easypost } from './easypost';
import { generic } from './generic';
import { shippo } from './shippo';
import type { CarrierWebhookProvider, ProviderName } from './types';

/** Carrier webhook providers by the `{provider}` path segment of POST /v1/webhooks/carriers/{provider}. */
export const providers: Record<ProviderName, CarrierWebhookProvider> = { easypost, aftership, shippo, generic };

export { GenericWebhookSchema } from './generic';
export { WebhookPayloadError, type CarrierUpdate, type CarrierWebhookProvider, type ProviderName, type Verification } from './types';
