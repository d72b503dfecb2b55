import type { JourneyStage, OrderView, ParcelView } from '../../../workflows/order/messages';
import type { ExceptionCase, ShipmentView } from '../../../workflows/shipment/messages';
import type { ExceptionKind, ParcelStage, TrackingStatus } from '../../../workflows/shipment/tracking';

/**
 * What the tracking page shows, worked out from the order's and its parcels' queries: no HTML here, so the rules
 * (which step is current, whether delivery is late, which problem the customer can act on) read on their own.
 */
export const steps = ['ordered', 'packed', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'] as const;
export type Step = (typeof steps)[number];

export type CustomerAction =
  | { kind: 'customs'; action: 'documents_provided' | 'duties_paid'; shipmentId: string }
  | { kind: 'address'; shipmentId: string };

export interface OpenIssue {
  kind: ExceptionKind;
  since: string;
  /** The customer answered already; the carrier or customs has the next move. */
  answered: boolean;
  action?: CustomerAction;
}

export interface ScanLine {
  at: string;
  status: TrackingStatus;
  description?: string;
  place?: string;
}

export interface ParcelModel {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  items: ParcelView['items'];
  stage: ParcelStage;
  /** Index into `steps`; undefined once the parcel left the normal path (lost, returned). */
  step?: number;
  problem?: 'returned_to_sender' | 'lost';
  issues: OpenIssue[];
  /** Newest first. */
  scans: ScanLine[];
}

export interface TrackingModel {
  orderId: string;
  headline: 'confirmed' | 'packed' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'partially_delivered' | 'delivered' | 'not_delivered' | 'cancelled';
  step: number;
  destination: string;
  promise?: { by: string; late: boolean; delivered: boolean };
  parcels: ParcelModel[];
}

const journeyStep: Record<JourneyStage, number> = {
  confirmed: 0,
  picking: 0,
  packed: 1,
  partially_shipped: 2,
  shipped: 2,
  in_transit: 3,
  out_for_delivery: 4,
  partially_delivered: 4,
  delivered: 5,
  signed_for: 5,
  not_delivered: 3,
  cancelled: 0,
};

const parcelStep: Partial<Record<ParcelStage, number>> = { shipped: 2, in_transit: 3, out_for_delivery: 4, available_for_pickup: 4, delivered: 5, signed_for: 5 };

const headlineOf = (stage: JourneyStage): TrackingModel['headline'] =>
  stage === 'picking' ? 'confirmed' : stage === 'partially_shipped' ? 'shipped' : stage === 'signed_for' ? 'delivered' : stage;

/** The one thing a customer can do about an open case, when it is theirs to do. */
function actionFor(shipmentId: string, open: ExceptionCase): CustomerAction | undefined {
  if (open.waitingFor !== 'customer') return undefined;
  if (open.kind === 'customs_documents_required') return { kind: 'customs', action: 'documents_provided', shipmentId };
  if (open.kind === 'customs_duties_owed') return { kind: 'customs', action: 'duties_paid', shipmentId };
  if (open.kind === 'address_problem') return { kind: 'address', shipmentId };
  return undefined;
}

function parcelModel(parcel: ParcelView, shipment: ShipmentView | undefined): ParcelModel {
  const finished = parcel.stage === 'delivered' || parcel.stage === 'signed_for';
  const open = finished ? [] : (shipment?.cases ?? []).filter((c) => !c.outcome);
  return {
    shipmentId: parcel.shipmentId,
    carrier: parcel.carrier,
    trackingNumber: parcel.trackingNumber,
    items: parcel.items,
    stage: parcel.stage,
    step: parcelStep[parcel.stage],
    problem: parcel.stage === 'returned_to_sender' || parcel.stage === 'lost' ? parcel.stage : undefined,
    issues: open.map((c) => ({ kind: c.kind, since: c.since, answered: c.actions.some((a) => a.by === 'customer') && c.waitingFor !== 'customer', action: actionFor(parcel.shipmentId, c) })),
    scans: [...(shipment?.events ?? [])].reverse().map((e) => ({ at: e.occurredAt, status: e.status, description: e.description, place: e.location })),
  };
}

/** Late: past the promised date and not delivered, or delivered after it (the last parcel's delivery scan). */
function promiseOf(order: OrderView, parcels: ParcelModel[], now: Date): TrackingModel['promise'] {
  if (!order.promisedBy || order.stage === 'cancelled') return undefined;
  const delivered = order.stage === 'delivered' || order.stage === 'signed_for';
  const deliveredAt = parcels
    .flatMap((p) => p.scans.filter((s) => s.status === 'delivered').map((s) => s.at))
    .sort()
    .at(-1);
  const reference = delivered && deliveredAt ? Date.parse(deliveredAt) : now.getTime();
  return { by: order.promisedBy, late: reference > Date.parse(order.promisedBy), delivered };
}

export function trackingModel(order: OrderView, shipments: (ShipmentView | undefined)[], now: Date): TrackingModel {
  const parcels = order.parcels.map((p, i) => parcelModel(p, shipments[i]));
  return {
    orderId: order.orderId,
    headline: headlineOf(order.stage),
    step: journeyStep[order.stage],
    destination: `${order.shippingAddress.city}, ${order.shippingAddress.country}`,
    promise: promiseOf(order, parcels, now),
    parcels,
  };
}
