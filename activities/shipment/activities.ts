import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../../lib/database';
import { Shipment, TrackingEventRecord, UnmatchedWebhookEvent } from '../../entities';
import type { TrackingEvent } from '../../workflows/shipment/tracking';

export function createShipmentActivities({ orm }: { orm: Orm }) {
  return {
    /** Creates the shipment row (once) and hands back carrier events that arrived before it existed. */
    async openShipment(shipment: { shipmentId: string; orderId: string; carrier: string; trackingNumber: string }): Promise<TrackingEvent[]> {
      const em = orm.em.fork();
      await em.upsert(
        Shipment,
        { id: shipment.shipmentId, orderId: shipment.orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, stage: 'shipped', createdAt: new Date(), updatedAt: new Date() },
        { onConflictFields: ['id'], onConflictAction: 'ignore' },
      );
      return claimUnmatched(orm, shipment);
    },

    /** Keeps every accepted carrier event, once per provider event id. */
    async recordTrackingEvents(batch: { shipmentId: string; events: TrackingEvent[] }): Promise<void> {
      const em = orm.em.fork();
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
      if (rows.length) await em.upsertMany(TrackingEventRecord, rows, { onConflictFields: ['provider', 'eventId'], onConflictAction: 'ignore' });
    },

    async projectShipment(update: { shipmentId: string; stage: string; exceptionKind?: string }): Promise<void> {
      await orm.em.fork().nativeUpdate(Shipment, { id: update.shipmentId }, { stage: update.stage, exceptionKind: update.exceptionKind ?? null });
    },
  };
}

async function claimUnmatched(orm: Orm, shipment: { shipmentId: string; carrier: string; trackingNumber: string }): Promise<TrackingEvent[]> {
  return orm.em.fork().transactional(async (em) => {
    const rows = await em.find(
      UnmatchedWebhookEvent,
      { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, replayedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const row of rows) {
      row.replayedAt = new Date();
      row.replayedInto = shipment.shipmentId;
    }
    return rows.flatMap((row) => row.events as TrackingEvent[]);
  });
}
