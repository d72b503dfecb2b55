import type { RawBody } from './signatures';
import type { TrackingEvent } from '../../workflows/shipment/tracking';

/** Everything one webhook said about one parcel, already in our taxonomy. */
export interface CarrierUpdate {
  /** Lower-case [a-z0-9_] carrier code, e.g. `usps`, `dhl_express`. */
  carrier: string;
  trackingNumber: string;
  /** One event per carrier checkpoint, oldest first as the provider sent them. */
  events: TrackingEvent[];
  /** The parsed provider payload, kept so events for unknown parcels can be stored for operators. */
  raw?: unknown;
}

export type Verification = { ok: true } | { ok: false; reason: string };

export type ProviderName = 'easypost' | 'aftership' | 'shippo' | 'generic';

export interface CarrierWebhookProvider {
  name: ProviderName;
  /** headers: lower-case name -> value */
  verify(rawBody: RawBody, header: (name: string) => string | undefined, secret: string, nowSeconds: number): Verification;
  /** throws WebhookPayloadError (with a list of {field, reason}) for a malformed body */
  parse(rawBody: string): CarrierUpdate[];
}

/** A body that is not JSON or lacks what we need; `errors` name the fields, like a 400 problem document. */
export class WebhookPayloadError extends Error {
  constructor(readonly errors: { field: string; reason: string }[]) {
    super(`Malformed webhook payload: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
    this.name = 'WebhookPayloadError';
  }
}
