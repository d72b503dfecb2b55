import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Orm } from '../../lib/database';
import { CarrierDelivery, Feedback, ProductRating, TrackingEventRecord } from '../../entities';
import type { FeedbackSubmission, ParcelFacts } from '../../workflows/feedback/messages';

const DAY_MS = 86_400_000;

export interface RecordedFeedback {
  orderId: string;
  customerId: string;
  submission: FeedbackSubmission;
  submittedAt: string;
  lowScore: boolean;
}

export function createFeedbackActivities({ orm }: { orm: Orm }) {
  return {
    /**
     * The journey's facts about each parcel, once per shipment: the carrier scorecard's rows. Exceptions come from
     * the parcel's recorded carrier events (the journey only hears the state after each batch of scans), plus any
     * the journey saw that no scan carried (a parcel declared stalled by time).
     */
    async recordDeliveryFacts(request: { orderId: string; parcels: ParcelFacts[] }): Promise<void> {
      const em = orm.em.fork();
      for (const parcel of request.parcels) {
        const scans = await em.find(TrackingEventRecord, { shipmentId: parcel.shipmentId, exceptionKind: { $ne: null } }, { orderBy: { occurredAt: 'asc', id: 'asc' } });
        const scanned = scans.map((event) => event.exceptionKind!);
        const exceptionKinds = [...scanned, ...parcel.exceptionKinds.filter((kind) => !scanned.includes(kind))];
        const shippedAt = parcel.shippedAt ? new Date(parcel.shippedAt) : null;
        const deliveredAt = parcel.deliveredAt ? new Date(parcel.deliveredAt) : null;
        const daysInTransit = shippedAt && deliveredAt ? Math.round(((deliveredAt.getTime() - shippedAt.getTime()) / DAY_MS) * 100) / 100 : null;
        await em.upsert(
          CarrierDelivery,
          {
            shipmentId: parcel.shipmentId,
            orderId: request.orderId,
            carrier: parcel.carrier,
            shippedAt,
            deliveredAt,
            onTime: parcel.onTime ?? null,
            exceptionCount: exceptionKinds.length,
            exceptionKinds,
            daysInTransit,
            createdAt: new Date(),
          },
          { onConflictFields: ['shipmentId'], onConflictAction: 'ignore' },
        );
      }
    },

    /**
     * The submission and its product ratings, in one transaction. The unique order id makes MySQL the last word
     * on "one submission per order"; a retried activity finds its own row and changes nothing.
     */
    async recordFeedback(feedback: RecordedFeedback): Promise<{ created: boolean }> {
      const em = orm.em.fork();
      if (await em.findOne(Feedback, { orderId: feedback.orderId })) return { created: false };
      const submittedAt = new Date(feedback.submittedAt);
      const { submission } = feedback;
      try {
        await em.transactional(async (tx) => {
          tx.create(Feedback, {
            orderId: feedback.orderId,
            customerId: feedback.customerId,
            deliveryRating: submission.delivery,
            packagingRating: submission.packaging,
            serviceRating: submission.service,
            nps: submission.nps,
            comment: submission.comment?.trim() || null,
            lowScore: feedback.lowScore,
            submittedAt,
          });
          for (const product of submission.products) tx.create(ProductRating, { orderId: feedback.orderId, sku: product.sku, rating: product.rating, submittedAt });
        });
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) return { created: false };
        throw error;
      }
      return { created: true };
    },
  };
}
