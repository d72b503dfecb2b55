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
