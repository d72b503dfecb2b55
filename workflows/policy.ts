/**
 * Every duration, limit and choice the lifecycles use. Production defaults live here; AFTERCART_POLICY (JSON)
 * overrides them per environment, and a workflow input may override them per journey. Tests run the
 * production logic with short values; tests/policy.test.ts pins the production defaults.
 *
 * Durations are Temporal duration strings ("2 days", "90 minutes", "500ms").
 */
export const productionPolicy = {
  // Order journey
  /** Warehouse must hand the first parcel to a carrier within this time of confirmation. */
  shipBySla: '2 days',
  /** Delivery is promised within this time of confirmation; later -> proactive delay message. */
  promisedDelivery: '7 days',
  /** When a signature is required and the delivery scan has none, wait this long for the proof of delivery. */
  signatureGrace: '1 hour',

  // Shipments
  /** A finished parcel keeps accepting late scans (and a late proof of delivery) this long. */
  shipmentLateEventGrace: '3 days',
  /** No scan for this long: ask the carrier (polling fallback), then flag the parcel as stalled. */
  stalledAfter: '4 days',
  /** The same for cross-border parcels, whose line haul is quiet for longer. */
  crossBorderStalledAfter: '7 days',
  /** Failed delivery attempts before the parcel is redirected (see afterFailedAttempts). */
  maxDeliveryAttempts: 3,
  /** Where a parcel goes after the last failed attempt: a pickup point or back to the sender (refund). */
  afterFailedAttempts: 'pickup_point' as 'pickup_point' | 'return_to_sender',
  /** A lost or damaged parcel is reshipped or refunded (a carrier claim is filed either way). */
  lostOrDamagedResolution: 'reship' as 'reship' | 'refund',
  /** Customer has this long to correct an address problem before operators are asked to step in. */
  addressCorrectionWait: '2 days',

  // Customs holds
  /** Reminder cadence while a customs hold waits for the customer. */
  customsReminderInterval: '2 days',
  /** Reminders sent at most. */
  customsMaxReminders: 3,
  /** An unresolved customs hold is escalated to operators after this long. */
  customsEscalateAfter: '3 days',
  /** An unresolved documents/duties hold is abandoned (returned to sender, refunded) after this long. */
  customsAbandonAfter: '14 days',

  // Activities
  /** Activity timeout for database writes. */
  databaseActivityTimeout: '30 seconds',
  /** Activity timeout for one outbound partner call (payments, notifications, warehouse, carriers). */
  partnerActivityTimeout: '30 seconds',
  /** Ceiling on the retry back-off of partner calls. */
  partnerRetryMaxInterval: '10 minutes',
};

export type Policy = typeof productionPolicy;
export type PolicyOverrides = Partial<Policy>;

export function resolvePolicy(...layers: (PolicyOverrides | undefined)[]): Policy {
  return Object.assign({}, productionPolicy, ...layers.filter(Boolean));
}
