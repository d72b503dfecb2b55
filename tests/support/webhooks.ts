import type { TrackingEvent } from '../../workflows/shipment/tracking';
import { sign } from '../webhooks/fixtures';
import type { Harness } from './harness';

/** Signs like a carrier integration using our generic format: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
export function genericSignature(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return sign.timestamped(secret, body, t);
}

export type GenericEvent = Omit<TrackingEvent, 'provider'>;

/** Posts carrier events for one parcel through the signed generic webhook; returns the HTTP status. */
export async function postCarrierEvents(h: Harness, parcel: { carrier: string; trackingNumber: string }, events: GenericEvent[]) {
  const body = JSON.stringify({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events });
  const response = await h.request('/v1/webhooks/carriers/generic', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(body, h.config.webhookSecrets.generic) },
    body,
  });
  return response.status;
}

let clock = Date.parse('2026-11-20T08:00:00Z');
/** A carrier event at a distinct, increasing time. */
export function scan(status: TrackingEvent['status'], extra: Partial<GenericEvent> = {}): GenericEvent {
  clock += 60_000;
  return { eventId: `evt-${clock.toString(36)}-${status}`, status, occurredAt: new Date(clock).toISOString(), ...extra };
}

export type WebhookProviderName = 'easypost' | 'aftership' | 'shippo' | 'generic';

/** Each provider's signature header over a raw body, signed as the provider signs (tests/webhooks/fixtures.ts). */
export function signedHeaders(provider: WebhookProviderName, secret: string, body: string, t = Math.floor(Date.now() / 1000)): Record<string, string> {
  if (provider === 'easypost') return { 'X-Hmac-Signature': sign.easypost(secret, body) };
  if (provider === 'aftership') return { 'aftership-hmac-sha256': sign.aftership(secret, body) };
  return { [provider === 'shippo' ? 'Shippo-Auth-Signature' : 'X-Aftercart-Signature']: sign.timestamped(secret, body, t) };
}

/** Posts a raw body to a provider's webhook, correctly signed with the configured secret. */
export function postSignedWebhook(h: Pick<Harness, 'config' | 'request'>, provider: WebhookProviderName, body: string): Promise<Response> {
  return h.request(`/v1/webhooks/carriers/${provider}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...signedHeaders(provider, h.config.webhookSecrets[provider], body) },
    body,
  });
}
