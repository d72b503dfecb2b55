import type { Orm } from '../../lib/database';
import { Shipment, TrackingEventRecord } from '../../entities';
import type { ShipmentClaim } from '../../workflows/shipment/claim';
import { carrierCodePattern, trackingNumberPattern } from '../../workflows/shipment/messages';
import { exceptionKinds, milestones, trackingStatuses, type TrackingEvent } from '../../workflows/shipment/tracking';
import type { Partners } from '../adapters/partners';
import { assignShipmentId, followTrackingNumber, type ParcelRef } from './tracking-numbers';

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

    /**
     * The shipment id of a new parcel (handed over by the warehouse, or a return label's): `shipment-<carrier>-<trackingNumber>`,
     * or `-g<n>` when the carrier recycled the number (tracking-numbers.ts).
     */
    async assignShipmentId(claim: ShipmentClaim): Promise<string> {
      return assignShipmentId(orm, claim);
    },

    /** A last-mile hand-off: the shipment also follows the new carrier's tracking number from now on. */
    async followHandoff(handoff: ParcelRef & { at?: string }): Promise<TrackingEvent[]> {
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
      return events.flatMap((e) => {
        const event = usablePolledEvent(e);
        return event ? [event] : [];
      });
    },

    async fileCarrierClaim(claim: ParcelRef & { idempotencyKey: string; kind: 'lost' | 'damaged'; items: { sku: string; quantity: number }[] }): Promise<{ claimId: string }> {
      const result = await partners.fileClaim(claim.idempotencyKey, claim.shipmentId, claim);
      return { claimId: String(result.response.id ?? `sandbox:${claim.idempotencyKey}`) };
    },

    async requestCarrierRedirect(redirect: ParcelRef & { idempotencyKey: string; to: 'pickup_point' | 'address' | 'sender'; address?: Record<string, unknown> }): Promise<void> {
      await partners.requestRedirect(redirect.idempotencyKey, redirect.shipmentId, redirect);
    },

    async tellCustomsBroker(message: ParcelRef & { idempotencyKey: string; action: 'documents_provided' | 'duties_paid' | 'abandon' }): Promise<void> {
      await partners.tellCustomsBroker(message.idempotencyKey, message.shipmentId, message);
    },
  };
}

/**
 * A carrier API's event as the workflow may take it, or undefined: a time that parses, a known status and
 * exception kind, a hand-off whose number fits a workflow id, and text cut to its column. What the carrier says
 * is not trusted more than a webhook is.
 */
function usablePolledEvent(e: Partial<TrackingEvent>): TrackingEvent | undefined {
  const occurredAt = typeof e.occurredAt === 'string' ? Date.parse(e.occurredAt) : NaN;
  if (typeof e.eventId !== 'string' || !e.eventId || e.eventId.length > 150 || Number.isNaN(occurredAt)) return undefined;
  if (!trackingStatuses.includes(e.status as TrackingEvent['status'])) return undefined;
  if (e.exceptionKind !== undefined && !exceptionKinds.includes(e.exceptionKind)) return undefined;
  if (e.milestone !== undefined && !milestones.includes(e.milestone)) return undefined;
  const handoff = e.handoff && carrierCodePattern.test(String(e.handoff.carrier)) && trackingNumberPattern.test(String(e.handoff.trackingNumber)) ? { carrier: e.handoff.carrier, trackingNumber: e.handoff.trackingNumber } : undefined;
  if (e.handoff && !handoff) return undefined;
  const text = (value: unknown, max: number) => (typeof value === 'string' && value ? value.slice(0, max) : undefined);
  return {
    eventId: `carrier_api:${e.eventId}`,
    provider: 'carrier_api',
    status: e.status!,
    occurredAt: new Date(occurredAt).toISOString(),
    ...(e.exceptionKind && { exceptionKind: e.exceptionKind }),
    ...(e.milestone && { milestone: e.milestone }),
    ...(handoff && { handoff }),
    ...(text(e.description, 500) && { description: text(e.description, 500) }),
    ...(text(e.location, 200) && { location: text(e.location, 200) }),
    ...(text(e.signedBy, 100) && { signedBy: text(e.signedBy, 100) }),
  };
}
