import type { activityProfiles } from '../activity-profiles';
import type { Journey } from './journey';
import type { OrderInput } from './messages';

/** Refund the captured payment and release reserved stock, each exactly once (keys derive from the workflow id). */
export async function compensateCancellation(journey: Journey, workflowId: string, input: OrderInput, partner: Partner) {
  const cancellation = journey.view.cancellation!;
  const refund = cancellation.refundMinor > 0
    ? partner.refundPayment.executeWithOptions({ summary: `Refund ${cancellation.refundMinor} ${input.currency} for the cancelled order` }, [
        { idempotencyKey: `${workflowId}:cancel:refund`, workflowId, orderId: input.orderId, paymentId: input.payment.paymentId, amountMinor: cancellation.refundMinor, currency: input.currency, reason: 'requested_by_customer' },
      ]).then(({ refundId }) => {
        cancellation.refundStatus = 'refunded';
        journey.record({ at: now(), what: `Refunded ${cancellation.refundMinor} ${input.currency}`, source: 'aftercart', detail: refundId });
      })
    : Promise.resolve();
  const release = partner.releaseStock.executeWithOptions({ summary: 'Release reserved stock for the cancelled order' }, [
    { idempotencyKey: `${workflowId}:cancel:release-stock`, workflowId, orderId: input.orderId, items: input.items.map(({ sku, quantity }) => ({ sku, quantity })) },
  ]).then(() => {
    cancellation.stockReleased = true;
    journey.record({ at: now(), what: 'Reserved stock released', source: 'aftercart' });
  });
  await Promise.all([refund, release]);
}

type Partner = ReturnType<typeof activityProfiles>['partner'];

function now(): string {
  return new Date().toISOString();
}
