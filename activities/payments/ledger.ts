import { LockMode } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/common';
import { Order, Payment, Refund } from '../../entities';
import type { Orm } from '../../lib/database';
import type { RefundRequest } from './activities';

/** What the ledger holds for one refund key once it is reserved. */
export type Reservation =
  | { state: 'reserved'; amountMinor: number }
  | { state: 'succeeded'; amountMinor: number; providerRefundId: string }
  | { state: 'failed'; amountMinor: number; failureReason: string }
  | { state: 'nothing_left' };

/** A payment that belongs to another order: no refund is drawn on it, whoever asks. */
export const PAYMENT_MISMATCH = 'PaymentMismatch';

/**
 * Reserves the refund under the payment's row lock: the amount asked for, capped at what is captured minus what
 * is already refunded or being refunded. The same key returns its first reservation (and outcome) unchanged.
 */
export async function reserveRefund(orm: Orm, request: RefundRequest): Promise<Reservation> {
  // The payment row exists before the locking transaction: concurrent first inserts inside it would deadlock.
  const fork = orm.em.fork();
  const captured = request.capturedMinor ?? (await fork.findOne(Order, { id: request.orderId }))?.totalMinor ?? request.amountMinor;
  await fork.upsert(
    Payment,
    { paymentId: request.paymentId, orderId: request.orderId, capturedMinor: captured, currency: request.currency, createdAt: new Date() },
    { onConflictFields: ['paymentId'], onConflictAction: 'ignore' },
  );
  return orm.em.fork().transactional(async (em) => {
    const payment = await em.findOneOrFail(Payment, { paymentId: request.paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (payment.orderId !== request.orderId) {
      throw ApplicationFailure.create({ type: PAYMENT_MISMATCH, message: `payment ${request.paymentId} belongs to order ${payment.orderId}, not ${request.orderId}`, nonRetryable: true });
    }
    const existing = await em.findOne(Refund, { idempotencyKey: request.idempotencyKey });
    if (existing) return reservationOf(existing);
    const drawn = await em.find(Refund, { paymentId: request.paymentId, status: { $in: ['pending', 'succeeded'] } });
    const left = payment.capturedMinor - drawn.reduce((sum, refund) => sum + refund.amountMinor, 0);
    const amountMinor = Math.min(request.amountMinor, left);
    if (amountMinor <= 0) return { state: 'nothing_left' };
    em.create(Refund, {
      idempotencyKey: request.idempotencyKey,
      paymentId: request.paymentId,
      orderId: request.orderId,
      amountMinor,
      currency: request.currency,
      reason: request.reason,
      requestedBy: request.workflowId,
    });
    return { state: 'reserved', amountMinor };
  });
}

/** Records what the payments partner answered; a settled row is never changed again. */
export async function recordRefundOutcome(orm: Orm, idempotencyKey: string, outcome: { providerRefundId: string } | { failureReason: string }): Promise<void> {
  const done = 'providerRefundId' in outcome
    ? { status: 'succeeded' as const, providerRefundId: outcome.providerRefundId.slice(0, 191) }
    : { status: 'failed' as const, failureReason: outcome.failureReason.slice(0, 500) };
  await orm.em.fork().nativeUpdate(Refund, { idempotencyKey, status: 'pending' }, { ...done, completedAt: new Date() });
}

function reservationOf(refund: Refund): Reservation {
  if (refund.status === 'succeeded') return { state: 'succeeded', amountMinor: refund.amountMinor, providerRefundId: refund.providerRefundId ?? '' };
  if (refund.status === 'failed') return { state: 'failed', amountMinor: refund.amountMinor, failureReason: refund.failureReason ?? 'refused' };
  return { state: 'reserved', amountMinor: refund.amountMinor };
}
