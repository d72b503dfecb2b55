/** A parcel's tracking, exception and customs rules. Production defaults; see ../policy.ts for the layering. */
export const shipmentPolicy = {
  /** A finished parcel keeps accepting late scans (and a late proof of delivery) this long. */
  lateEventGrace: '3 days',
  /** No scan for this long: ask the carrier (polling fallback), then flag the parcel as stalled. */
  stalledAfter: '4 days',
  /** The same for cross-border parcels, whose line haul is quiet for longer. */
  crossBorderStalledAfter: '7 days',
  /**
   * Nothing new from the carrier (no scan, and polls found nothing) this long: the parcel is declared lost (one
   * claim, then reship or refund per lostOrDamagedResolution) instead of being polled forever.
   */
  declareLostAfter: '21 days',
  /**
   * A shipment continues as new (carrying its state, timers and cases) once its history holds this many events,
   * or earlier when Temporal suggests it. A test knob mostly: Temporal suggests it well below its limits.
   */
  historyEventsBeforeContinueAsNew: 10_000,
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
};

export type ShipmentPolicy = typeof shipmentPolicy;

/** Keys whose value is one of a few choices (config validation offers exactly these). */
export const shipmentPolicyChoices = {
  afterFailedAttempts: ['pickup_point', 'return_to_sender'],
  lostOrDamagedResolution: ['reship', 'refund'],
} as const;
