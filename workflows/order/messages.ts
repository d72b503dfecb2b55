import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Policy, PolicyOverrides } from '../policy';
import type { ParcelItem, ParcelProgress, ParcelResolution } from '../shipment/messages';
import type { ExceptionKind, ParcelStage } from '../shipment/tracking';

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

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
  policy: Policy;
  /** Per-order overrides the storefront asked for (already merged into `policy`). */
  policyOverrides?: PolicyOverrides;
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

export interface TimelineEntry {
  at: string;
  what: string;
  source: 'storefront' | 'warehouse' | 'carrier' | 'aftercart' | 'operator';
  detail?: string;
}

export interface ParcelView {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  items: ParcelItem[];
  stage: ParcelStage;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string };
  /** What the order did about a parcel that did not arrive: a refund of its items, or a replacement. */
  resolution?: ParcelResolution & { refundMinor?: number; refundStatus?: 'pending' | 'refunded'; refundId?: string };
}

export interface OrderView {
  orderId: string;
  customerId: string;
  stage: JourneyStage;
  needsAttention: boolean;
  attentionReasons: string[];
  shippingAddress: Address;
  parcels: ParcelView[];
  timeline: TimelineEntry[];
  cancellation?: { reason: string; refundMinor: number; refundStatus: 'pending' | 'refunded'; stockReleased: boolean };
  completed: boolean;
}

export interface CancelRequest {
  reason: string;
}

export interface AddressChangeRequest {
  address: Address;
}

export type FulfillmentEvent =
  | { eventId: string; type: 'picking_started' | 'packed'; occurredAt: string }
  | { eventId: string; type: 'shipped'; occurredAt: string; parcels: ShippedParcel[] };

export interface ShippedParcel {
  carrier: string;
  trackingNumber: string;
  items: ParcelItem[];
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
}

/** Business id of an order's journey workflow. */
export const orderWorkflowId = (orderId: string) => `order-${orderId}`;

export const orderStatusQuery = defineQuery<OrderView>('orderStatus');
export const cancelOrderUpdate = defineUpdate<OrderView, [CancelRequest]>('cancelOrder');
export const changeShippingAddressUpdate = defineUpdate<OrderView, [AddressChangeRequest]>('changeShippingAddress');
export const fulfillmentEventUpdate = defineUpdate<FulfillmentResult, [FulfillmentEvent]>('fulfillmentEvent');
export const orderParcelProgressSignal = defineSignal<[ParcelProgress]>('parcelProgress');

/** Machine-readable reasons an update is refused; the API maps them to 409/422. */
export const refusalReasons = {
  alreadyShipped: 'already_shipped',
  cancelled: 'order_cancelled',
  unknownSku: 'unknown_sku',
  quantityExceedsOrder: 'quantity_exceeds_order',
  parcelAlreadyShipped: 'parcel_already_shipped',
} as const;
