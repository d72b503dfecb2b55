import { aftership } from './aftership';
import { easypost } from './easypost';
import { generic } from './generic';
import { shippo } from './shippo';
import { limits } from '../../workflows/shared/limits';
import { carrierCodePattern, trackingNumberPattern } from '../../workflows/shipment/messages';
import { WebhookPayloadError, type CarrierUpdate, type CarrierWebhookProvider, type ProviderName } from './types';

/** Carrier webhook providers by the `{provider}` path segment of POST /v1/webhooks/carriers/{provider}. */
export const providers: Record<ProviderName, CarrierWebhookProvider> = { easypost, aftership, shippo, generic };

/**
 * A verified body as the parcels' updates we can deliver, or a WebhookPayloadError naming each field at fault:
 * the provider's own format, then what every update must satisfy (a usable carrier code and tracking number, at
 * most `limits.eventsPerWebhook` events).
 */
export function parseCarrierUpdates(provider: ProviderName, body: string): CarrierUpdate[] {
  const updates = providers[provider].parse(body.replace(/^\uFEFF/, ''));
  const unusable = updates.flatMap((u, i) => [
    ...(carrierCodePattern.test(u.carrier) ? [] : [{ field: `parcels.${i}.carrier`, reason: 'must normalize to 2-32 of a-z, 0-9, _' }]),
    ...(trackingNumberPattern.test(u.trackingNumber) ? [] : [{ field: `parcels.${i}.trackingNumber`, reason: 'must be 4-40 letters or digits' }]),
    ...(u.events.length <= limits.eventsPerWebhook ? [] : [{ field: 'events', reason: `at most ${limits.eventsPerWebhook} events per request` }]),
    // A hand-off number becomes the key of the shipment that follows it: the same rules as the parcel's own.
    ...u.events.flatMap((event, k) => [
      ...(!event.handoff || carrierCodePattern.test(event.handoff.carrier) ? [] : [{ field: `parcels.${i}.events.${k}.handoff.carrier`, reason: 'must normalize to 2-32 of a-z, 0-9, _' }]),
      ...(!event.handoff || trackingNumberPattern.test(event.handoff.trackingNumber) ? [] : [{ field: `parcels.${i}.events.${k}.handoff.trackingNumber`, reason: 'must be 4-40 letters or digits' }]),
    ]),
  ]);
  if (unusable.length) throw new WebhookPayloadError(unusable);
  return updates;
}

export { GenericWebhookSchema } from './generic';
export { WebhookPayloadError, type CarrierUpdate, type CarrierWebhookProvider, type ProviderName, type Verification } from './types';
