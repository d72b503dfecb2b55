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
  /**
   * Set when the payment's cap bound: the amount moved is less than `totalMinor` because that much was captured
   * and earlier refunds or store credit of the order took the rest.
   */
  cap?: { capturedMinor: number; earlierRefundsMinor: number; availableMinor: number };
}

/**
 * After inspection, when money moved before it (policy refundAt approval or first_scan) and the inspection owes a
 * different amount: `top_up` refunds (or credits) the difference once; `over_refund` is recorded, never clawed
 * back silently, and left to an operator to settle (step `clawback`).
 */
export interface MoneyAdjustment {
  kind: 'top_up' | 'over_refund';
  /** What the inspection owes, line by line. */
  breakdown: RefundBreakdown;
  /** Moved before the inspection. */
  movedMinor: number;
  owedMinor: number;
  /** |owed - moved|. */
  differenceMinor: number;
  /** Why they differ, in plain words. */
  why: string;
  /** top_up: pending, refunded, credited, nothing_left, failed, settled. over_refund: open until settled by an operator. */
  status: 'pending' | 'refunded' | 'credited' | 'nothing_left' | 'failed' | 'settled' | 'open';
  /** top_up: what the difference moved (the cap may make it less). */
  amountMinor?: number;
  /** over_refund: what the operator wrote when settling it. */
  note?: string;
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
  /** deliveredAt: when the carrier delivered the return parcel to the warehouse. */
  parcel?: { shipmentId: string; stage: ParcelStage; firstScanAt?: string; deliveredAt?: string };
  /** The warehouse's receipt did not come within returns.receiptExpectedWithin of `since` (the delivery, or the first scan). */
  receiptOverdue?: { since: string; dueAt: string; delivered: boolean };
  receipt?: { receiptId: string; at: string };
  money?: { breakdown: RefundBreakdown; status: MoneyStatus; amountMinor?: number; refundId?: string; failure?: string; adjustment?: MoneyAdjustment };
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
