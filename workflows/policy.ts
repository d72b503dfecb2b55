/**
 * Every duration, limit and threshold the lifecycles use. Production defaults live here; AFTERCART_POLICY
 * (JSON) overrides them per environment, and a workflow input may override them per journey. Tests run the
 * production logic with short values; tests/policy.test.ts pins the production defaults.
 *
 * Durations are Temporal duration strings ("2 days", "90 minutes", "500ms").
 */
export interface Policy {
  /** Warehouse must hand the first parcel to a carrier within this time of confirmation. */
  shipBySla: string;
  /** Delivery is promised within this time of confirmation; later -> proactive delay message. */
  promisedDelivery: string;
  /** A delivered parcel keeps accepting late scans (and a late proof of delivery) this long. */
  shipmentLateEventGrace: string;
  /** When a signature is required and a delivery scan has none, wait this long for the proof of delivery before flagging it. */
  signatureGrace: string;
  /** Activity timeout for database writes. */
  databaseActivityTimeout: string;
  /** Activity timeout for one outbound partner call (payments, notifications, warehouse). */
  partnerActivityTimeout: string;
  /** Ceiling on the retry back-off of partner calls. */
  partnerRetryMaxInterval: string;
}

export const productionPolicy: Policy = {
  shipBySla: '2 days',
  promisedDelivery: '7 days',
  shipmentLateEventGrace: '3 days',
  signatureGrace: '1 hour',
  databaseActivityTimeout: '30 seconds',
  partnerActivityTimeout: '30 seconds',
  partnerRetryMaxInterval: '10 minutes',
};

export type PolicyOverrides = Partial<Policy>;

export function resolvePolicy(...layers: (PolicyOverrides | undefined)[]): Policy {
  return Object.assign({}, productionPolicy, ...layers.filter(Boolean));
}
