import { isCrossBorder, type Journey } from './journey';
import type { OrderOutcome } from './messages';

/**
 * The seam to post-purchase. The journey's result is the contract the feedback and customer workflows start
 * from: who bought what, whether it arrived, when, and whether it crossed a border (the feedback wait is longer
 * then). The journey starts `feedback-<orderId>` from it (workflows/feedback/start.ts); it is also the workflow
 * result, visible in the Temporal UI and to any client.
 */
export function handOffToPostPurchase(journey: Journey, promisedBy?: string): OrderOutcome {
  const input = journey.input;
  const deliveredAt = journey.view.timeline.filter((entry) => entry.source === 'carrier').at(-1)?.at;
  return {
    orderId: input.orderId,
    customerId: input.customer.id,
    result: journey.stage,
    deliveredAt: journey.cancelled ? undefined : deliveredAt,
    crossBorder: isCrossBorder(input),
    items: input.items,
    payment: { ...input.payment, currency: input.currency },
    promisedBy,
    parcels: journey.view.parcels.map((parcel) => ({
      shipmentId: parcel.shipmentId,
      carrier: parcel.carrier,
      shippedAt: parcel.shippedAt,
      deliveredAt: parcel.deliveredAt,
      onTime: parcel.deliveredAt && promisedBy ? parcel.deliveredAt <= promisedBy : undefined,
      exceptionKinds: parcel.exceptionKinds ?? [],
    })),
  };
}
