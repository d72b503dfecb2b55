import { LockMode, type EntityManager } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/common';
import { Order, Payment, Refund } from '../../entities';
import type { Orm } from '../../lib/database';
import type { RefundRequest } from './activities';

/** Why less than asked was drawn: what was captured, what earlier refunds (and store credit) took, what was left. */
export interface RefundCap {
  capturedMinor: number;
  earlierRefundsMinor: number;
  availableMinor: number;
}

/** What the ledger holds for one refund key once it is reserved; `cap` when the cap bound. */
export type Reservation =
  | { state: 'reserved'; amountMinor: number; cap?: RefundCap }
  | { state: 'succeeded'; amountMinor: number; providerRefundId: string; cap?: RefundCap }
  | { state: 'failed'; amountMinor: number; failureReason: string; cap?: RefundCap }
  | { state: 'nothing_left'; cap?: RefundCap };

/** A payment that belongs to another order: no refund is drawn on it, whoever asks. */
export const PAYMENT_MISMATCH = 'PaymentMismatch';

/**
 * Reserves the refund under the payment's row lock: the amount asked for, capped at what is captured minus what
 * is already refunded, being refunded or granted as store credit. The same key returns its first reservation
 * (and outcome) unchanged.
 */
export async function reserveRefund(orm: Orm, request: RefundRequest): Promise<Reservation> {
  await ensurePayment(orm, request);
  return orm.em.fork().transactional(async (em) => drawOnPayment(em, await lockPayment(em, request), request));
}

/** The payment row exists before the locking transaction: concurrent first inserts inside it would deadlock. */
export async function ensurePayment(orm: Orm, request: RefundRequest): Promise<void> {
  const fork = orm.em.fork();
  const captured = request.capturedMinor ?? (await fork.findOne(Order, { id: request.orderId }))?.totalMinor ?? request.amountMinor;
  await fork.upsert(
    Payment,
    { paymentId: request.paymentId, orderId: request.orderId, capturedMinor: captured, currency: request.currency, createdAt: new Date() },
    { onConflictFields: ['paymentId'], onConflictAction: 'ignore' },
  );
}

/** The payment under its row lock (inside a transaction); a payment of another order is refused for good. */
export async function lockPayment(em: EntityManager, request: RefundRequest): Promise<Payment> {
  const payment = await em.findOneOrFail(Payment, { paymentId: request.paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (payment.orderId !== request.orderId) {
    throw ApplicationFailure.create({ type: PAYMENT_MISMATCH, message: `payment ${request.paymentId} belongs to order ${payment.orderId}, not ${request.orderId}`, nonRetryable: true });
  }
  return payment;
}

/**
 * Draws on a locked payment once per key: a new ledger row (pending, or as `row` says, e.g. store credit settled
 * at once) for the amount asked, capped at what is left. Rows that did not fail count against the payment.
 */
export async function drawOnPayment(em: EntityManager, payment: Payment, request: RefundRequest, row: Partial<Pick<Refund, 'method' | 'status' | 'providerRefundId' | 'completedAt'>> = {}): Promise<Reservation> {
  const existing = await em.findOne(Refund, { idempotencyKey: request.idempotencyKey });
  const drawn = await em.find(Refund, { paymentId: request.paymentId, status: { $in: ['pending', 'succeeded'] }, ...(existing && { id: { $lt: existing.id } }) });
  const earlierRefundsMinor = drawn.reduce((sum, refund) => sum + refund.amountMinor, 0);
  const availableMinor = Math.max(0, payment.capturedMinor - earlierRefundsMinor);
  const amountMinor = existing ? existing.amountMinor : Math.min(request.amountMinor, availableMinor);
  const cap = amountMinor < request.amountMinor ? { capturedMinor: payment.capturedMinor, earlierRefundsMinor, availableMinor } : undefined;
  if (existing) return reservationOf(existing, cap);
  if (amountMinor <= 0) return { state: 'nothing_left', cap };
  em.create(Refund, {
    idempotencyKey: request.idempotencyKey,
    paymentId: request.paymentId,
    orderId: request.orderId,
    amountMinor,
    currency: request.currency,
    reason: request.reason,
    requestedBy: request.workflowId,
    ...row,
  });
  return { state: 'reserved', amountMinor, cap };
}

/** Records what the payments partner answered; a settled row is never changed again. */
export async function recordRefundOutcome(orm: Orm, idempotencyKey: string, outcome: { providerRefundId: string } | { failureReason: string }): Promise<void> {
  const done = 'providerRefundId' in outcome
    ? { status: 'succeeded' as const, providerRefundId: outcome.providerRefundId.slice(0, 191) }
    : { status: 'failed' as const, failureReason: outcome.failureReason.slice(0, 500) };
  await orm.em.fork().nativeUpdate(Refund, { idempotencyKey, status: 'pending' }, { ...done, completedAt: new Date() });
}

function reservationOf(refund: Refund, cap?: RefundCap): Reservation {
  if (refund.status === 'succeeded') return { state: 'succeeded', amountMinor: refund.amountMinor, providerRefundId: refund.providerRefundId ?? '', cap };
  if (refund.status === 'failed') return { state: 'failed', amountMinor: refund.amountMinor, failureReason: refund.failureReason ?? 'refused', cap };
  return { state: 'reserved', amountMinor: refund.amountMinor, cap };
}
