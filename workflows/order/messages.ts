import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LegacyFlatPolicy, Policy, PolicyOverrides } from '../policy';
import type { ParcelFacts } from '../feedback/messages';
import type { StepView } from '../shared/steps';
import type { Address, LineItem, OrderLine, TimelineEntry } from '../shared/types';
import type { ParcelResolution } from '../shipment/messages';
import type { ExceptionKind, ParcelStage } from '../shipment/tracking';

/**
 * The policy groups an order journey carries: its own, its parcels', the shared activity timeouts, and those of
 * the feedback request it hands off to (journeys from before feedback lack them and get the defaults).
 */
export type OrderJourneyPolicy = Pick<Policy, 'order' | 'shipment' | 'activities'> & Partial<Pick<Policy, 'feedback' | 'service'>>;

export interface OrderInput {
  orderId: string;
  customer: { id: string; email?: string; phone?: string; locale: string; channel: 'email' | 'sms' | 'push' };
  currency: string;
  items: OrderLine[];
  shippingAddress: Address;
  /** Country the warehouse ships from; differs from the destination for cross-border orders. */
  originCountry?: string;
  requiresSignature: boolean;
  /** The captured payment a cancellation refunds. */
  payment: { paymentId: string; capturedMinor: number };
  /** ISO-8601; when the storefront confirmed the order. SLA clocks start at the workflow start. */
  placedAt: string;
  /** Grouped; journeys started before the grouping carry the flat object (see normalizePolicy). */
  policy: OrderJourneyPolicy | LegacyFlatPolicy;
  /** Per-order overrides the storefront asked for (already merged into `policy`). */
  policyOverrides?: PolicyOverrides | LegacyFlatPolicy;
  /** Id of the API key that started the journey (a fingerprint, never the key). */
  by?: string;
}

export type JourneyStage =
  | 'confirmed'
  | 'picking'
  | 'packed'
  | 'partially_shipped'
  | 'shipped'
  | 'in_transit'
  | 'out_for_delivery'
  | 'partially_delivered'
  | 'delivered'
  | 'signed_for'
  | 'not_delivered'
  | 'cancelled';

export interface ParcelView {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  items: LineItem[];
  stage: ParcelStage;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string };
  /** When the warehouse shipped it and the carrier delivered it (the carrier scorecard's transit time). */
  shippedAt?: string;
  deliveredAt?: string;
  /** Every exception kind the parcel went through, in order. */
  exceptionKinds?: string[];
  /** What the order did about a parcel that did not arrive: a refund of its items, or a replacement. */
  resolution?: ParcelResolution & { refundMinor?: number; refundStatus?: RefundStatus; refundId?: string; refundFailure?: string; reshipStatus?: ReshipStatus };
  /**
   * The parcel's shipment workflow ended without finishing (failed, terminated, timed out): why. The order stops
   * waiting for it; an operator retries (a new run follows the parcel) or settles the parcel by hand.
   */
  shipmentFailure?: string;
  /** An operator settled a parcel whose shipment workflow failed. */
  shipmentSettled?: boolean;
}

/**
 * A reship asked of the warehouse. requested: waiting for the replacement to ship (order.reshipConfirmWithin);
 * shipped: it did; failed: the warehouse refused or never shipped it, and an operator retries or settles it;
 * settled: an operator resolved it by hand, and the order no longer waits for those units.
 */
export type ReshipStatus = 'requested' | 'shipped' | 'failed' | 'settled';

export interface OrderView {
  orderId: string;
  customerId: string;
  stage: JourneyStage;
  needsAttention: boolean;
  attentionReasons: string[];
  shippingAddress: Address;
  parcels: ParcelView[];
  timeline: TimelineEntry[];
  /** ISO-8601: delivery is promised by then (order.promisedDelivery after the journey started). */
  promisedBy?: string;
  cancellation?: { reason: string; refundMinor: number; refundStatus: RefundStatus; refundFailure?: string; stockReleased: boolean };
  /** Partner steps with an outcome (refunds, stock release): failed ones wait for an operator to retry or settle. */
  steps: StepView[];
  completed: boolean;
}

/**
 * Where a refund stands. pending: asked; refunded: money went back (refundMinor, capped by the refunds ledger);
 * nothing_left: the payment was already refunded in full; failed: the payments partner refused (refundFailure
 * says why) and an operator can retry or settle the step; settled: an operator resolved it by hand.
 */
export type RefundStatus = 'pending' | 'refunded' | 'nothing_left' | 'failed' | 'settled';

/** Set by the API from the authorized key, never from the request body. */
export interface MadeBy {
  /** Id of the API key that asked for the change (lib/keys.ts apiKeyId). */
  by?: string;
}

export interface CancelRequest extends MadeBy {
  reason: string;
}

export interface AddressChangeRequest extends MadeBy {
  address: Address;
}

export type FulfillmentEvent = MadeBy &
  ({ eventId: string; type: 'picking_started' | 'packed'; occurredAt: string } | { eventId: string; type: 'shipped'; occurredAt: string; parcels: ShippedParcel[] });

export interface ShippedParcel {
  carrier: string;
  trackingNumber: string;
  items: LineItem[];
}

export interface FulfillmentResult {
  eventId: string;
  duplicate: boolean;
  stage: JourneyStage;
}

/** What the journey hands to post-purchase when it ends. */
export interface OrderOutcome {
  orderId: string;
  customerId: string;
  result: JourneyStage;
  deliveredAt?: string;
  crossBorder: boolean;
  items: OrderLine[];
  /** The captured payment later refunds (a return) draw on through the refunds ledger. */
  payment: { paymentId: string; capturedMinor: number; currency: string };
  /** When delivery was promised, and each parcel's facts (carrier, transit, exceptions, on time) for the scorecard. */
  promisedBy?: string;
  parcels?: ParcelFacts[];
}

/** Business id of an order's journey workflow. */
export const orderWorkflowId = (orderId: string) => `order-${orderId}`;

export const orderStatusQuery = defineQuery<OrderView>('orderStatus');
export const cancelOrderUpdate = defineUpdate<OrderView, [CancelRequest]>('cancelOrder');
export const changeShippingAddressUpdate = defineUpdate<OrderView, [AddressChangeRequest]>('changeShippingAddress');
export const fulfillmentEventUpdate = defineUpdate<FulfillmentResult, [FulfillmentEvent]>('fulfillmentEvent');

/** Machine-readable reasons an update is refused; the API maps them to 409/422. */
export const refusalReasons = {
  alreadyShipped: 'already_shipped',
  cancelled: 'order_cancelled',
  unknownSku: 'unknown_sku',
  quantityExceedsOrder: 'quantity_exceeds_order',
  parcelAlreadyShipped: 'parcel_already_shipped',
  tooManyParcels: 'too_many_parcels',
} as const;
