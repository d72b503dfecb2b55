import { patched } from '@temporalio/workflow';
import type { PartnerActivities } from '../shared/activity-profiles';
import type { Notify } from '../shared/notifier';
import type { Steps } from '../shared/steps';
import type { Journey } from './journey';

export interface ParcelRefundContext {
  journey: Journey;
  workflowId: string;
  partner: PartnerActivities;
  steps: Steps;
  notifyOnce: Notify;
  publish: () => void;
}

/**
 * Refunds what a parcel held, once per parcel, as a step with an outcome. The refunds ledger caps the amount at
 * what is left of the captured payment (a cancellation or a return may have drawn on it already).
 */
export async function refundParcel({ journey, workflowId, partner, steps, notifyOnce, publish }: ParcelRefundContext, shipmentId: string): Promise<void> {
  const input = journey.input;
  let amountMinor = journey.parcelValue(shipmentId);
  // Journeys started before the ledger capped here, and asked for nothing when nothing was left.
  if (!patched('refund-ledger')) amountMinor = Math.min(amountMinor, input.payment.capturedMinor - journey.refundedSoFar());
  if (amountMinor <= 0) return;
  journey.refunding(shipmentId, amountMinor);
  const parcel = journey.view.parcels.find((p) => p.shipmentId === shipmentId)!;
  const what = `Refund ${amountMinor} ${input.currency} for parcel ${parcel.trackingNumber}`;
  await steps.run({
    stepId: `refund-${shipmentId}`,
    kind: 'refund',
    what,
    attempt: (keySuffix) =>
      partner.refundPayment.executeWithOptions({ summary: what }, [
        { idempotencyKey: `${workflowId}:refund:${shipmentId}${keySuffix}`, workflowId, orderId: input.orderId, paymentId: input.payment.paymentId, amountMinor, currency: input.currency, reason: 'parcel_not_delivered', capturedMinor: input.payment.capturedMinor },
      ]),
    succeeded: (result) => {
      journey.refunded(shipmentId, result, new Date().toISOString());
      if (result.status === 'refunded') notifyOnce('parcel_refunded', shipmentId, { trackingNumber: parcel.trackingNumber, amount: `${(result.amountMinor / 100).toFixed(2)} ${input.currency}` });
      publish();
    },
    failed: (reason) => journey.refundRefused(shipmentId, reason),
    settled: () => journey.refundSettled(shipmentId),
  });
}
