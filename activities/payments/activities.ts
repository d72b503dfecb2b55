import { log, metricMeter } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../../lib/database';
import { PARTNER_REJECTED } from '../adapters/gateway';
import type { Partners } from '../adapters/partners';
import type { RefundReporter } from '../customer/signal';
import { recordRefundOutcome, reserveRefund, type RefundCap } from './ledger';

export interface RefundRequest {
  /** Derived from the requesting workflow's id and step: the same refund always carries the same key. */
  idempotencyKey: string;
  /** The workflow asking for the money back (recorded as the ledger row's requested_by). */
  workflowId: string;
  orderId: string;
  paymentId: string;
  /** What the requestor would like back; the ledger caps it at what is left of the captured payment. */
  amountMinor: number;
  currency: string;
  reason: string;
  /** The captured amount, for a payment the ledger has not seen yet. Journeys recorded before the ledger omit it. */
  capturedMinor?: number;
}

export interface RefundResult {
  /** refunded: money went back; nothing_left: the payment is refunded in full already, the partner was not asked. */
  status: 'refunded' | 'nothing_left';
  /** The payments partner's refund id ('' when nothing was left). */
  refundId: string;
  /** What was refunded: the amount asked for, or less when the cap applied. */
  amountMinor: number;
  /** Set when the cap bound: what was captured, what earlier refunds (and store credit) took, what was left. */
  cap?: RefundCap;
}

/** Money going back to the customer: one ledger (payments, refunds) for every lifecycle that refunds. */
export function createPaymentActivities({ orm, partners, onRefunded }: { orm: Orm; partners: Partners; onRefunded?: RefundReporter }) {
  const reported = async (request: RefundRequest, amountMinor: number) => onRefunded?.({ idempotencyKey: request.idempotencyKey, orderId: request.orderId, amountMinor, currency: request.currency, reason: request.reason });
  return {
    /**
     * Reserves the amount in the ledger, asks the payments partner under the same idempotency key, and records
     * the outcome. A retry with the same key never refunds twice and never counts twice. A partner's refusal
     * is recorded on the ledger row and thrown as the non-retryable PartnerRejected.
     */
    async refundPayment(request: RefundRequest): Promise<RefundResult> {
      const reservation = await reserveRefund(orm, request);
      const { cap } = reservation;
      if (reservation.state === 'nothing_left') return { status: 'nothing_left', refundId: '', amountMinor: 0, cap };
      if (reservation.state === 'succeeded') {
        await reported(request, reservation.amountMinor);
        return { status: 'refunded', refundId: reservation.providerRefundId, amountMinor: reservation.amountMinor, cap };
      }
      if (reservation.state === 'failed') throw ApplicationFailure.create({ type: PARTNER_REJECTED, message: reservation.failureReason, nonRetryable: true });
      const { amountMinor } = reservation;
      try {
        const result = await partners.refund(request.idempotencyKey, request.workflowId, { paymentId: request.paymentId, amountMinor, currency: request.currency, reason: request.reason, orderId: request.orderId });
        const refundId = String(result.response.id ?? `sandbox:${request.idempotencyKey}`);
        await recordRefundOutcome(orm, request.idempotencyKey, { providerRefundId: refundId });
        if (!result.replayed) {
          // Counted once per refund: a retry that finds the refund already on record does not count again.
          metricMeter.createCounter('aftercart_refunds_total', 'refunds', 'Refunds sent to the payment provider (or recorded in sandbox).').add(1, { status: result.status });
          log.info('refund sent', { orderId: request.orderId, amountMinor, currency: request.currency, reason: request.reason, status: result.status });
        }
        await reported(request, amountMinor);
        return { status: 'refunded', refundId, amountMinor, cap };
      } catch (error) {
        if (error instanceof ApplicationFailure && error.type === PARTNER_REJECTED) await recordRefundOutcome(orm, request.idempotencyKey, { failureReason: error.message });
        throw error;
      }
    },
  };
}
