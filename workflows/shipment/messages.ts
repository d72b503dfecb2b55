import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { ExceptionKind, Milestone, ParcelStage, TrackingEvent } from './tracking';

export interface ParcelItem {
  sku: string;
  quantity: number;
}

export interface ShipmentInput {
  shipmentId: string;
  orderId: string;
  /** Workflow that hears about every stage change (the order journey). */
  orderWorkflowId: string;
  customerId: string;
  carrier: string;
  trackingNumber: string;
  items: ParcelItem[];
  destinationCountry: string;
  crossBorder: boolean;
  policy: Policy;
}

/** One exception from the moment it appears until it is resolved, with what it waits for. */
export interface ExceptionCase {
  seq: number;
  kind: ExceptionKind;
  since: string;
  waitingFor: 'customer' | 'carrier' | 'operator';
  remindersSent: number;
  escalated: boolean;
  /** What the customer or an operator did about it. */
  actions: { action: string; by: 'customer' | 'operator'; at: string }[];
  outcome?: 'resolved' | 'abandoned' | 'returned_to_sender' | 'redirected' | 'claim_filed';
}

export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  destinationCountry: string;
  crossBorder: boolean;
  stage: ParcelStage;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string; since: string };
  /** Cross-border legs reached, in order. */
  legs: { milestone: Milestone; at: string }[];
  /** Last-mile carriers this parcel was handed to; their tracking numbers are followed too. */
  handoffs: { carrier: string; trackingNumber: string; at: string }[];
  cases: ExceptionCase[];
  failedAttempts: number;
  needsAttention: boolean;
  attentionReasons: string[];
  events: TrackingEvent[];
}

/** Money and goods the order must move because of what happened to this parcel. */
export interface ParcelResolution {
  action: 'refund' | 'reship';
  reason: 'abandoned_at_customs' | 'refused_by_customs' | 'returned_to_sender' | 'delivery_failed' | 'lost' | 'damaged';
}

/** Sent by the shipment to its order whenever the parcel's stage, exception or resolution changes. */
export interface ParcelProgress {
  shipmentId: string;
  stage: ParcelStage;
  at: string;
  signedBy?: string;
  exception?: { kind: ExceptionKind; description?: string };
  resolution?: ParcelResolution;
  needsAttention?: boolean;
}

export interface CustomsAction {
  action: 'documents_provided' | 'duties_paid' | 'abandon';
  by: 'customer' | 'operator';
}

export interface AddressCorrection {
  address: { name: string; line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string };
  by: 'customer' | 'operator';
}

/** What a carrier code and a tracking number may look like: they become part of workflow ids. */
export const carrierCodePattern = /^[a-z0-9_]{2,32}$/;
export const trackingNumberPattern = /^[A-Za-z0-9]{4,40}$/;

/** Business id of a parcel's workflow. */
export const shipmentWorkflowId = (carrier: string, trackingNumber: string) => `shipment-${carrier}-${trackingNumber}`;

/** Normalized carrier events for this parcel; repeats and any order are fine. */
export const trackingEventsSignal = defineSignal<[{ events: TrackingEvent[] }]>('trackingEvents');
export const shipmentStatusQuery = defineQuery<ShipmentView>('shipmentStatus');
export const customsActionUpdate = defineUpdate<ShipmentView, [CustomsAction]>('customsAction');
export const addressCorrectionUpdate = defineUpdate<ShipmentView, [AddressCorrection]>('correctAddress');

export const shipmentRefusals = {
  noCustomsHold: 'no_customs_hold',
  actionDoesNotFit: 'action_does_not_fit_hold',
  noAddressProblem: 'no_address_problem',
  finished: 'shipment_finished',
} as const;
