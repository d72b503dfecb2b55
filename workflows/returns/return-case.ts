import type { ApplicationFailure } from '@temporalio/common';
import { flagAttention, unflagAttention } from '../shared/attention';
import { refusal } from '../shared/refusal';
import type { TimelineEntry } from '../shared/types';
import { returnRefusals, type Receipt, type ReturnInput, type ReturnStatus, type ReturnView, type ReviewDecision, type UnitCondition } from './messages';
import type { Conditions } from './refund-breakdown';

/**
 * A return's state and its rules, free of Temporal calls so they read (and test) as plain code. The workflow owns
 * one ReturnCase and wires messages, timers and activities to it.
 */
export class ReturnCase {
  readonly view: ReturnView;
  /** Per sku, what the warehouse found; set once by the receipt. */
  conditions?: Map<string, Conditions>;
  private receiptKey?: string;

  constructor(readonly input: ReturnInput) {
    this.view = {
      rmaId: input.rmaId,
      orderId: input.orderId,
      customerId: input.customerId,
      status: input.decision.status === 'approved' ? 'approved' : 'pending_review',
      resolution: input.resolution,
      lines: input.lines.map((line) => ({ ...line })),
      stock: [],
      needsAttention: false,
      attentionReasons: [],
      steps: [],
      timeline: [],
      completed: false,
    };
  }

  get status(): ReturnStatus {
    return this.view.status;
  }

  /** The label is out and the parcel or its receipt can still come. */
  get awaitingReceipt(): boolean {
    return this.status === 'approved' || this.status === 'awaiting_parcel' || this.status === 'in_transit';
  }

  get ended(): boolean {
    return this.status === 'rejected' || this.status === 'expired' || this.status === 'completed';
  }

  setStatus(status: ReturnStatus): void {
    this.view.status = status;
  }

  record(entry: TimelineEntry): void {
    this.view.timeline.push(entry);
  }

  flag(reason: string): void {
    flagAttention(this.view, reason);
  }

  unflag(reason: string): void {
    unflagAttention(this.view, reason);
  }

  decide(outcome: 'approved' | 'rejected', by: 'policy' | 'operator' | 'review_timeout', at: string, reason?: string): void {
    this.view.decision = { outcome, by, reason, at };
    this.view.review = undefined;
    this.setStatus(outcome);
  }

  refuseReview(review: ReviewDecision): ApplicationFailure | undefined {
    if (this.status !== 'pending_review') return refusal(returnRefusals.notPendingReview, `return ${this.input.rmaId} is ${this.status}, not waiting for a review`);
    if (review.decision === 'reject' && !review.reason?.trim()) return refusal(returnRefusals.reasonRequired, 'a rejection needs a reason: the customer is told why');
    return undefined;
  }

  /** A receipt is taken once while the return waits for its parcel; the same receipt again is answered the same. */
  refuseReceipt(receipt: Receipt): ApplicationFailure | undefined {
    if (this.receiptKey !== undefined) {
      if (this.receiptKey === receiptKeyOf(receipt)) return undefined;
      return refusal(returnRefusals.receiptAlreadyRecorded, `return ${this.input.rmaId} already has receipt ${this.view.receipt?.receiptId}`);
    }
    if (!this.awaitingReceipt) return refusal(returnRefusals.notAwaitingReceipt, `return ${this.input.rmaId} is ${this.status}; it takes no receipt`);
    const asked = new Map(this.input.lines.map((line) => [line.sku, line.quantity]));
    const counted = new Map<string, number>();
    for (const unit of receipt.units) {
      if (!asked.has(unit.sku)) return refusal(returnRefusals.unknownSku, `sku ${unit.sku} is not part of return ${this.input.rmaId}`);
      counted.set(unit.sku, (counted.get(unit.sku) ?? 0) + unit.quantity);
    }
    for (const [sku, quantity] of counted) {
      if (quantity > asked.get(sku)!) return refusal(returnRefusals.tooManyUnits, `${quantity} unit(s) of ${sku} received, the return holds ${asked.get(sku)}`);
    }
    return undefined;
  }

  isRepeatedReceipt(receipt: Receipt): boolean {
    return this.receiptKey === receiptKeyOf(receipt);
  }

  /** Records the conditions; units of the return the warehouse did not list are missing. */
  applyReceipt(receipt: Receipt, at: string): void {
    this.receiptKey = receiptKeyOf(receipt);
    this.conditions = new Map();
    for (const line of this.view.lines) {
      const found: Conditions = {};
      for (const unit of receipt.units.filter((u) => u.sku === line.sku)) found[unit.condition] = (found[unit.condition] ?? 0) + unit.quantity;
      const listed = Object.values(found).reduce((sum, n) => sum + (n ?? 0), 0);
      if (listed < line.quantity) found.missing = (found.missing ?? 0) + line.quantity - listed;
      line.conditions = found;
      this.conditions.set(line.sku, found);
    }
    this.view.receipt = { receiptId: receipt.receiptId, at };
    this.setStatus('received');
  }

  /** Units per sku in one condition, after the receipt. */
  unitsIn(condition: UnitCondition): { sku: string; quantity: number }[] {
    return this.view.lines.map((line) => ({ sku: line.sku, quantity: line.conditions?.[condition] ?? 0 })).filter((u) => u.quantity > 0);
  }
}

function receiptKeyOf(receipt: Receipt): string {
  const units = [...receipt.units].sort((a, b) => `${a.sku}/${a.condition}`.localeCompare(`${b.sku}/${b.condition}`));
  return JSON.stringify([receipt.receiptId, units.map((u) => [u.sku, u.condition, u.quantity])]);
}
