/**
 * The normalized carrier-event taxonomy and the forward-only rules every shipment follows.
 * Pure functions: used by the shipment workflow and by the webhook normalizers.
 */
export const trackingStatuses = [
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'returned_to_sender',
  'exception',
] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

export const exceptionKinds = [
  'customs_documents_required',
  'customs_duties_owed',
  'customs_inspection',
  'customs_prohibited',
  'address_problem',
  'failed_attempt',
  'stalled',
  'lost',
  'damaged',
  'other',
] as const;
export type ExceptionKind = (typeof exceptionKinds)[number];

/** Cross-border legs a scan can mark; domestic parcels mostly have none. */
export const milestones = [
  'export_cleared',
  'line_haul',
  'arrived_destination_country',
  'customs_started',
  'customs_released',
  'last_mile_handoff',
] as const;
export type Milestone = (typeof milestones)[number];

/** One carrier scan, already normalized from the provider's format. */
export interface TrackingEvent {
  /** Provider's event id (or a hash of the payload when the provider has none): the dedupe key. */
  eventId: string;
  provider: string;
  status: TrackingStatus;
  exceptionKind?: ExceptionKind;
  /** ISO-8601 time the carrier says the scan happened. */
  occurredAt: string;
  description?: string;
  location?: string;
  /** Proof of delivery: who signed. */
  signedBy?: string;
  /** Cross-border leg this scan marks. */
  milestone?: Milestone;
  /** On `last_mile_handoff`: the carrier and tracking number that take the parcel from here. */
  handoff?: { carrier: string; trackingNumber: string };
}

/** Where a parcel is, as the order and the customer see it. Later stages never go back to earlier ones. */
export type ParcelStage =
  | 'shipped'
  | 'in_transit'
  | 'out_for_delivery'
  | 'available_for_pickup'
  | 'delivered'
  | 'signed_for'
  | 'returned_to_sender'
  | 'lost';

const stageRank: Record<ParcelStage, number> = {
  shipped: 0,
  in_transit: 1,
  out_for_delivery: 2,
  available_for_pickup: 2,
  delivered: 3,
  signed_for: 4,
  returned_to_sender: 5,
  lost: 2.5, // final, yet a parcel found and delivered after all still counts as delivered
};

export function stageOfEvent(event: TrackingEvent): ParcelStage | undefined {
  switch (event.status) {
    case 'pre_transit':
      return 'shipped';
    case 'delivered':
      return event.signedBy ? 'signed_for' : 'delivered';
    case 'exception':
      return event.exceptionKind === 'lost' ? 'lost' : undefined;
    default:
      return event.status;
  }
}

/** The furthest stage wins, whatever order the events arrived in. */
export function furthestStage(current: ParcelStage, candidate: ParcelStage | undefined): ParcelStage {
  if (!candidate) return current;
  return stageRank[candidate] > stageRank[current] ? candidate : current;
}

export function isFinalStage(stage: ParcelStage): boolean {
  return stage === 'delivered' || stage === 'signed_for' || stage === 'returned_to_sender' || stage === 'lost';
}

export function isDelivered(stage: ParcelStage): boolean {
  return stage === 'delivered' || stage === 'signed_for';
}

/**
 * Inserts by event time, ties broken by event id, so the timeline reads in the order things happened and is
 * the same whatever order the webhooks arrived in.
 */
export function insertByTime(events: TrackingEvent[], event: TrackingEvent): TrackingEvent[] {
  const at = Date.parse(event.occurredAt);
  const index = events.findIndex((existing) => {
    const existingAt = Date.parse(existing.occurredAt);
    return existingAt > at || (existingAt === at && existing.eventId > event.eventId);
  });
  return index === -1 ? [...events, event] : [...events.slice(0, index), event, ...events.slice(index)];
}
