import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LegacyFlatPolicy, Policy } from '../policy';
import type { Address, LineItem } from '../shared/types';
import type { ExceptionKind, Milestone, ParcelStage, TrackingEvent } from './tracking';

/**
 * outbound: from the warehouse to the customer. A parcel that does not arrive asks its requestor for a refund or
 * a replacement. return: from the customer back to the warehouse; "delivered" means it reached the warehouse, and
 * the shipment never asks for a refund or reship and sends no customer messages (its requestor speaks to the
 * customer).
 */
export type ShipmentDirection = 'outbound' | 'return';

/** The policy groups a shipment carries. */
export type ShipmentPolicyGroups = Pick<Policy, 'shipment' | 'activities'>;

export interface ShipmentInput {
  shipmentId: string;
  orderId: string;
  /** The workflow that started this shipment; it hears about every change through shipmentProgressSignal. */
  requestorWorkflowId: string;
  direction: ShipmentDirection;
  customerId: string;
  carrier: string;
  trackingNumber: string;
  items: LineItem[];
  destinationCountry: string;
  crossBorder: boolean;
  policy: ShipmentPolicyGroups;
  /** Set when a long-running shipment continued as new: the state its next run starts from. */
  carried?: ShipmentCarriedState;
}

/**
 * What a shipment hands to its next run when it continues as new. Open cases resume from their own state (when
 * they opened, reminders sent, escalated), so no timer restarts and no message, alert or claim repeats.
 */
export interface ShipmentCarriedState {
  view: ShipmentView;
  /** Hand-off tracking numbers already followed (`carrier/trackingNumber`). */
  followed: string[];
  /** Keys of the customer messages already sent. */
  notified: string[];
  resolutionGiven: boolean;
  attemptsHandled: number;
  /** Epoch ms of the last thing the carrier told us that we did not know (declareLostAfter counts from here). */
  lastNewsAt: number;
  /** How many runs came before this one. */
  runs: number;
  /** Accepted but not yet recorded in MySQL, a change not yet reported, a resolution not yet asked for. */
  unrecorded: TrackingEvent[];
  changed: boolean;
  pendingResolution?: ParcelResolution;
}

/** What shipments started before requestors and directions existed carry in their recorded input. */
export type RecordedShipmentInput =
  | ShipmentInput
  | (Omit<ShipmentInput, 'requestorWorkflowId' | 'direction' | 'policy'> & { orderWorkflowId: string; policy: LegacyFlatPolicy });

/** One exception from the moment it appears until it is resolved, with what it waits for. */
export interface ExceptionCase {
  seq: number;
  kind: ExceptionKind;
  since: string;
  waitingFor: 'customer' | 'carrier' | 'operator';
  remindersSent: number;
  escalated: boolean;
  /** When the case opened (its timers count from here, across continue-as-new); unset on older cases. */
  openedAt?: string;
  /** What the customer or an operator did about it. */
  actions: { action: string; by: 'customer' | 'operator'; at: string; keyId?: string }[];
  outcome?: 'resolved' | 'abandoned' | 'returned_to_sender' | 'redirected' | 'claim_filed';
}

export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  direction: ShipmentDirection;
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

/** Sent by the shipment to its requestor whenever the parcel's stage, exception or resolution changes. */
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
  /** Id of the API key an operator acted with (a fingerprint, never the key); unset for a customer's link. */
  keyId?: string;
}

export interface AddressCorrection {
  address: Address;
  by: 'customer' | 'operator';
  keyId?: string;
}

/** What a carrier code and a tracking number may look like: they become part of workflow ids. */
export const carrierCodePattern = /^[a-z0-9_]{2,32}$/;
export const trackingNumberPattern = /^[A-Za-z0-9]{4,40}$/;

/**
 * Business id of a parcel's workflow. Carriers recycle tracking numbers: the first parcel with a number is
 * `shipment-<carrier>-<trackingNumber>`, later ones (generation 2, 3, ...) add `-g<generation>`.
 */
export const shipmentWorkflowId = (carrier: string, trackingNumber: string, generation = 1) =>
  `shipment-${carrier}-${trackingNumber}${generation > 1 ? `-g${generation}` : ''}`;

/** Normalized carrier events for this parcel; repeats and any order are fine. */
export const trackingEventsSignal = defineSignal<[{ events: TrackingEvent[] }]>('trackingEvents');
/**
 * The shipment's report to whoever started it (requestorWorkflowId). The name stays 'parcelProgress': recorded
 * histories of running orders carry it.
 */
export const shipmentProgressSignal = defineSignal<[ParcelProgress]>('parcelProgress');
export const shipmentStatusQuery = defineQuery<ShipmentView>('shipmentStatus');
export const customsActionUpdate = defineUpdate<ShipmentView, [CustomsAction]>('customsAction');
export const addressCorrectionUpdate = defineUpdate<ShipmentView, [AddressCorrection]>('correctAddress');

export const shipmentRefusals = {
  noCustomsHold: 'no_customs_hold',
  actionDoesNotFit: 'action_does_not_fit_hold',
  noAddressProblem: 'no_address_problem',
  finished: 'shipment_finished',
} as const;
