import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { ExceptionKind, ParcelStage, TrackingEvent } from './tracking';

export interface ParcelItem {
  sku: string;
  quantity: number;
}

export interface ShipmentInput {
  shipmentId: string;
  orderId: string;
  /** Workflow that hears about every stage change (the order journey). */
  orderWorkflowId: string;
  carrier: string;
  trackingNumber: string;
  items: ParcelItem[];
  policy: Policy;
}

export interface ShipmentView {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  stage: ParcelStage;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string; since: string };
  events: TrackingEvent[];
}

/** Sent by the shipment to its order whenever the parcel's stage or exception changes. */
export interface ParcelProgress {
  shipmentId: string;
  stage: ParcelStage;
  at: string;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string };
}

/** Business id of a parcel's workflow. */
export const shipmentWorkflowId = (carrier: string, trackingNumber: string) => `shipment-${carrier}-${trackingNumber}`;

/** Normalized carrier events for this parcel; repeats and any order are fine. */
export const trackingEventsSignal = defineSignal<[{ events: TrackingEvent[] }]>('trackingEvents');
export const shipmentStatusQuery = defineQuery<ShipmentView>('shipmentStatus');
