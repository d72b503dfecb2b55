import type { PartnerActivities } from '../shared/activity-profiles';
import type { Steps } from '../shared/steps';
import type { Journey } from './journey';
import type { OrderInput } from './messages';

/**
 * Refund the captured payment and release reserved stock, each exactly once (keys derive from the workflow id).
 * Each is a step with an outcome: a partner's refusal is recorded and left to an operator, never a failed order.
 */
export async function compensateCancellation(journey: Journey, workflowId: string, input: OrderInput, partner: PartnerActivities, steps: Steps) {
  const cancellation = journey.view.cancellation!;
  const refund = cancellation.refundMinor > 0
    ? steps.run({
        stepId: 'cancel-refund',
        kind: 'refund',
        what: `Refund ${cancellation.refundMinor} ${input.currency} for the cancelled order`,
        attempt: (keySuffix) =>
          partner.refundPayment.executeWithOptions({ summary: `Refund ${cancellation.refundMinor} ${input.currency} for the cancelled order` }, [
            { idempotencyKey: `${workflowId}:cancel:refund${keySuffix}`, workflowId, orderId: input.orderId, paymentId: input.payment.paymentId, amountMinor: cancellation.refundMinor, currency: input.currency, reason: 'requested_by_customer', capturedMinor: input.payment.capturedMinor },
          ]),
        succeeded: ({ status, refundId, amountMinor }) => {
          Object.assign(cancellation, { refundStatus: status, refundMinor: amountMinor, refundFailure: undefined });
          journey.record({ at: now(), what: status === 'refunded' ? `Refunded ${amountMinor} ${input.currency}` : 'Nothing left of the payment to refund', source: 'aftercart', detail: refundId || undefined });
        },
        failed: (reason) => Object.assign(cancellation, { refundStatus: 'failed', refundFailure: reason }),
        settled: () => Object.assign(cancellation, { refundStatus: 'settled' }),
      })
    : Promise.resolve();
  const release = steps.run({
    stepId: 'cancel-release-stock',
    kind: 'stock_release',
    what: 'Release reserved stock for the cancelled order',
    attempt: (keySuffix) =>
      partner.releaseStock.executeWithOptions({ summary: 'Release reserved stock for the cancelled order' }, [
        { idempotencyKey: `${workflowId}:cancel:release-stock${keySuffix}`, workflowId, orderId: input.orderId, items: input.items.map(({ sku, quantity }) => ({ sku, quantity })) },
      ]),
    succeeded: () => {
      cancellation.stockReleased = true;
      journey.record({ at: now(), what: 'Reserved stock released', source: 'aftercart' });
    },
  });
  await Promise.all([refund, release]);
}

function now(): string {
  return new Date().toISOString();
}
