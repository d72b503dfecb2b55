import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../../lib/database';
import { Shipment, TrackingEventRecord, TrackingNumberOwner, UnmatchedWebhookEvent } from '../../entities';
import { trackingStatuses, type TrackingEvent } from '../../workflows/shipment/tracking';
import type { Partners } from '../adapters/partners';

interface ParcelRef {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
}

export function createShipmentActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    /** Creates the shipment row (once) and hands back carrier events that arrived before it existed. */
    async openShipment(shipment: ParcelRef & { orderId: string; direction?: string; items?: { sku: string; quantity: number }[] }): Promise<TrackingEvent[]> {
      await orm.em.fork().upsert(
        Shipment,
        {
          id: shipment.shipmentId,
          orderId: shipment.orderId,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          stage: 'shipped',
          direction: shipment.direction ?? 'outbound',
          items: shipment.items?.map(({ sku, quantity }) => ({ sku, quantity })),
          createdAt: new Date(),
          updatedAt: new Date(),
        },
        { onConflictFields: ['id'], onConflictAction: 'ignore' },
      );
      return followTrackingNumber(orm, shipment);
    },

    /** A last-mile hand-off: the shipment also follows the new carrier's tracking number from now on. */
    async followHandoff(handoff: ParcelRef): Promise<TrackingEvent[]> {
      return followTrackingNumber(orm, handoff);
    },

    /** Keeps every accepted carrier event, once per provider event id. */
    async recordTrackingEvents(batch: { shipmentId: string; events: TrackingEvent[] }): Promise<void> {
      const rows = batch.events.map((event) => ({
        shipmentId: batch.shipmentId,
        provider: event.provider,
        eventId: event.eventId,
        status: event.status,
        exceptionKind: event.exceptionKind,
        milestone: event.milestone,
        occurredAt: new Date(event.occurredAt),
        description: event.description?.slice(0, 500),
        location: event.location?.slice(0, 200),
        receivedAt: new Date(),
      }));
      if (rows.length) await orm.em.fork().upsertMany(TrackingEventRecord, rows, { onConflictFields: ['shipmentId', 'provider', 'eventId'], onConflictAction: 'ignore' });
    },

    /**
     * Keeps the parcel's row in step with its workflow. The first time it is delivered, the delivery time (the
     * earliest delivery scan, as the carrier dated it) is kept: return windows count from it long after the
     * workflows are gone.
     */
    async projectShipment(update: { shipmentId: string; stage: string; exceptionKind?: string }): Promise<void> {
      const em = orm.em.fork();
      await em.nativeUpdate(Shipment, { id: update.shipmentId }, { stage: update.stage, exceptionKind: update.exceptionKind ?? null });
      if (update.stage !== 'delivered' && update.stage !== 'signed_for') return;
      const scan = await em.findOne(TrackingEventRecord, { shipmentId: update.shipmentId, status: 'delivered' }, { orderBy: { occurredAt: 'asc' } });
      await em.nativeUpdate(Shipment, { id: update.shipmentId, deliveredAt: null }, { deliveredAt: scan?.occurredAt ?? new Date() });
    },

    /** The polling fallback when webhooks go quiet: the carrier's own view, normalized. */
    async pollCarrier(parcel: ParcelRef): Promise<TrackingEvent[]> {
      const answer = await partners.lookupTracking(parcel.carrier, parcel.trackingNumber);
      const events = Array.isArray(answer?.events) ? (answer.events as Partial<TrackingEvent>[]) : [];
      return events
        .filter((e) => typeof e.eventId === 'string' && typeof e.occurredAt === 'string' && trackingStatuses.includes(e.status as TrackingEvent['status']))
        .map((e) => ({ ...e, provider: 'carrier_api', eventId: `carrier_api:${e.eventId}` }) as TrackingEvent);
    },

    async fileCarrierClaim(claim: ParcelRef & { idempotencyKey: string; kind: 'lost' | 'damaged'; items: { sku: string; quantity: number }[] }): Promise<{ claimId: string }> {
      const result = await partners.fileClaim(claim.idempotencyKey, claim.shipmentId, claim);
      return { claimId: String(result.response.id ?? `sandbox:${claim.idempotencyKey}`) };
    },

    async requestCarrierRedirect(redirect: ParcelRef & { idempotencyKey: string; to: 'pickup_point' | 'address'; address?: Record<string, unknown> }): Promise<void> {
      await partners.requestRedirect(redirect.idempotencyKey, redirect.shipmentId, redirect);
    },

    async tellCustomsBroker(message: ParcelRef & { idempotencyKey: string; action: 'documents_provided' | 'duties_paid' }): Promise<void> {
      await partners.tellCustomsBroker(message.idempotencyKey, message.shipmentId, message);
    },
  };
}

/** Registers the tracking number as this shipment's and claims the events kept for it so far. */
async function followTrackingNumber(orm: Orm, parcel: ParcelRef): Promise<TrackingEvent[]> {
  return orm.em.fork().transactional(async (em) => {
    await em.upsert(
      TrackingNumberOwner,
      { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, shipmentId: parcel.shipmentId },
      { onConflictFields: ['carrier', 'trackingNumber'], onConflictAction: 'ignore' },
    );
    const rows = await em.find(
      UnmatchedWebhookEvent,
      { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, replayedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const row of rows) {
      row.replayedAt = new Date();
      row.replayedInto = parcel.shipmentId;
    }
    return rows.flatMap((row) => row.events as TrackingEvent[]);
  });
}
