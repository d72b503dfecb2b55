import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { StepView } from '../shared/steps';
import type { TimelineEntry } from '../shared/types';
import type { ParcelStage } from '../shipment/tracking';

/** Why a customer sends units back. The first four are the merchant's error: shipping is refunded, no fee. */
export const returnReasons = ['damaged', 'defective', 'wrong_item', 'not_as_described', 'size', 'changed_mind', 'other'] as const;
export type ReturnReason = (typeof returnReasons)[number];
export const merchantErrorReasons: readonly ReturnReason[] = ['damaged', 'defective', 'wrong_item', 'not_as_described'];

/** What the warehouse found, per unit. */
export const unitConditions = ['resellable', 'damaged', 'missing', 'wrong_item'] as const;
export type UnitCondition = (typeof unitConditions)[number];

export type ReturnResolution = { type: 'refund' } | { type: 'store_credit' } | { type: 'exchange'; sku: string };

export interface ReturnLine {
  sku: string;
  quantity: number;
  reason: ReturnReason;
  comment?: string;
  /** What the customer paid per unit (from the order record). */
  unitPriceMinor: number;
}

/**
 * pending_review: held for an operator; approved: label, warehouse pre-notice and expected stock under way;
 * awaiting_parcel: label issued, waiting for the first carrier scan; in_transit: the return parcel moves;
 * received: the warehouse inspected it, money and stock are moving; completed; rejected; expired (label unused).
 */
export type ReturnStatus = 'pending_review' | 'approved' | 'awaiting_parcel' | 'in_transit' | 'received' | 'completed' | 'rejected' | 'expired';

/** The policy groups a return carries: its own, its exchange order's, its return parcel's, and the shared activity timeouts. */
export type ReturnPolicyGroups = Pick<Policy, 'returns' | 'order' | 'shipment' | 'activities'>;

export interface ReturnInput {
  rmaId: string;
  orderId: string;
  customerId: string;
  currency: string;
  /** The order's captured payment a refund draws on (through the refunds ledger). */
  payment: { paymentId: string; capturedMinor: number };
  /** What the order paid for shipping (captured minus its lines), refunded on the merchant's error. */
  shippingMinor: number;
  /** Where the customer is: the return parcel leaves from this country. */
  customerCountry: string;
  lines: ReturnLine[];
  resolution: ReturnResolution;
  /** Decided when the request was answered: approved at once, or held for review (why). */
  decision: { status: 'approved' } | { status: 'pending_review'; reason: string };
  requestedAt: string;
  policy: ReturnPolicyGroups;
  /** Id of the API key that asked (a fingerprint, never the key). */
  by?: string;
}

export interface RefundBreakdownLine {
  sku: string;
  unitPriceMinor: number;
  /** Units whose value is refunded (received, or asked for when money moves before receipt). */
  refundedUnits: number;
  /** Units the warehouse did not find or that were not ours: nothing refunded for them. */
  unrefundedUnits: number;
  restockingFeeMinor: number;
  amountMinor: number;
}

export interface RefundBreakdown {
  /** requested: money moved before inspection (policy refundAt approval or first_scan); inspected: after receipt. */
  basis: 'requested' | 'inspected';
  lines: RefundBreakdownLine[];
  shippingMinor: number;
  totalMinor: number;
  currency: string;
}

/** nothing_due: the breakdown came to zero (e.g. every unit missing); nothing_left: the payment was refunded in full already. */
export type MoneyStatus = 'pending' | 'refunded' | 'credited' | 'nothing_due' | 'nothing_left' | 'failed' | 'settled';

export interface StockMovementView {
  sku: string;
  kind: 'expected_inbound' | 'inbound_cancelled' | 'restocked' | 'written_off' | 'missing' | 'reserved';
  quantity: number;
}

export interface ReturnView {
  rmaId: string;
  orderId: string;
  customerId: string;
  status: ReturnStatus;
  resolution: ReturnResolution;
  lines: (ReturnLine & { conditions?: Partial<Record<UnitCondition, number>> })[];
  review?: { reason: string; until: string };
  decision?: { outcome: 'approved' | 'rejected'; by: 'policy' | 'operator' | 'review_timeout'; reason?: string; at: string };
  label?: { carrier: string; trackingNumber: string; labelUrl: string; expiresAt: string };
  parcel?: { shipmentId: string; stage: ParcelStage; firstScanAt?: string };
  receipt?: { receiptId: string; at: string };
  money?: { breakdown: RefundBreakdown; status: MoneyStatus; amountMinor?: number; refundId?: string; failure?: string };
  exchange?: { orderId: string; sku: string; quantity: number };
  stock: StockMovementView[];
  needsAttention: boolean;
  attentionReasons: string[];
  steps: StepView[];
  timeline: TimelineEntry[];
  completed: boolean;
}

export interface ReviewDecision {
  decision: 'approve' | 'reject';
  /** Required to reject: the customer is told why. */
  reason?: string;
  by?: string;
}

export interface ReceiptUnits {
  sku: string;
  condition: UnitCondition;
  quantity: number;
}

export interface Receipt {
  /** The warehouse's receipt id: the same receipt sent again is answered as the first. */
  receiptId: string;
  /** Units per sku and condition; units of the return not listed are recorded as missing. */
  units: ReceiptUnits[];
  by?: string;
}

/** Business id of a return's workflow. */
export const returnWorkflowId = (rmaId: string) => `return-${rmaId}`;

export const returnStatusQuery = defineQuery<ReturnView>('returnStatus');
export const reviewReturnUpdate = defineUpdate<ReturnView, [ReviewDecision]>('reviewReturn');
export const recordReceiptUpdate = defineUpdate<ReturnView, [Receipt]>('recordReceipt');

/** Machine-readable reasons an update is refused (409). */
export const returnRefusals = {
  notPendingReview: 'not_pending_review',
  reasonRequired: 'reason_required',
  notAwaitingReceipt: 'not_awaiting_receipt',
  receiptAlreadyRecorded: 'receipt_already_recorded',
  unknownSku: 'unknown_sku',
  tooManyUnits: 'more_units_than_returned',
} as const;
