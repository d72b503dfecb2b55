import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Orm } from '../../lib/database';
import type { EntityManager } from '@mikro-orm/core';
import type { TrackingEvent } from '../../workflows/shipment/tracking';
import { shipmentWorkflowId, trackingEventsSignal } from '../../workflows/shipment/messages';
import type { CarrierUpdate } from './types';
import { keepUnmatched, markReplayed } from './unmatched-store';

export type Delivery = 'delivered' | 'already_known' | 'kept_unmatched';

/** Who follows a carrier + tracking number: the newest generation, and the one before (recycled numbers). */
interface Route {
  target: string;
  /** Set when the number was recycled: scans dated before `handedOverAt` belong to this older shipment. */
  older?: { shipmentId: string; handedOverAt: number };
}

/**
 * Hands one parcel's events to the shipment that follows its tracking number: its own workflow, the one it was
 * handed to for the last mile, or, for a number the carrier recycled, the newest parcel's (scans dated before that
 * parcel was handed over go to the older parcel while its shipment is open, else they are kept as stale). A
 * tracking number no open shipment follows is kept in MySQL (with the raw payload, once per identical delivery)
 * and replayed when the shipment starts; if the shipment appeared while we were storing, we deliver after all
 * (the workflow ignores event ids it has seen). Either way the event is durable on return.
 */
export async function deliverCarrierUpdate(temporal: Client, orm: Orm, provider: string, update: CarrierUpdate, options: { retentionMs: number }): Promise<{ shipmentId: string; delivery: Delivery }> {
  const em = orm.em.fork();
  let known = false;
  const signal = async (shipmentId: string, all: TrackingEvent[]) => {
    // AfterShip re-sends the whole checkpoint history and a signed body can be replayed: a shipment hears only
    // what it has not recorded yet, so its history grows with news, not with deliveries.
    const events = await unknownTo(em, shipmentId, all);
    if (events.length === 0) {
      const found: unknown[] = await em.getConnection().execute('select 1 as found from `shipments` where `id` = ? limit 1', [shipmentId]);
      known = found.length > 0;
      if (known) return true;
    }
    return temporal.workflow.getHandle(shipmentId).signal(trackingEventsSignal, { events: events.length ? events : all }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false; // not started yet, or already completed
        throw error;
      },
    );
  };
  const own = shipmentWorkflowId(update.carrier, update.trackingNumber);
  const answer = (shipmentId: string, delivery: Delivery) => ({ shipmentId, delivery: delivery === 'delivered' && known ? 'already_known' : delivery });

  let route = await routeOf(em, update);
  if (route.older) {
    const cutoff = route.older.handedOverAt;
    const stale = update.events.filter((e) => Date.parse(e.occurredAt) < cutoff);
    if (stale.length > 0) {
      const olderTook = await signal(route.older.shipmentId, stale);
      if (!olderTook) await keepUnmatched(em, provider, { ...update, events: stale }, 'stale_generation', options.retentionMs);
      const fresh = update.events.filter((e) => Date.parse(e.occurredAt) >= cutoff);
      if (fresh.length === 0) return answer(route.older.shipmentId, olderTook ? 'delivered' : 'kept_unmatched');
      update = { ...update, events: fresh };
      known = false;
    }
  }
  // Most events belong to the parcel's own (first) shipment: try it before whoever else follows the number.
  if (!route.older && (await signal(own, update.events))) return answer(own, 'delivered');
  if ((route.older || route.target !== own) && (await signal(route.target, update.events))) return answer(route.target, 'delivered');

  const closed = await temporal.workflow.getHandle(route.target).describe().then(() => true, () => false);
  const kept = await keepUnmatched(em, provider, update, closed ? 'shipment_closed' : 'unknown_tracking_number', options.retentionMs);
  // The shipment may have started between our first signal and the insert: deliver now and say so.
  if (closed) return answer(route.target, 'kept_unmatched');
  route = await routeOf(em, update);
  if (!(await signal(route.target, update.events))) return answer(route.target, 'kept_unmatched');
  await markReplayed(em, kept, route.target);
  return answer(route.target, 'delivered');
}

/** One indexed read of the number's two newest owners (tracking_numbers, newest generation first). */
async function routeOf(em: EntityManager, update: CarrierUpdate): Promise<Route> {
  const owners: { shipment_id: string; handed_over_at: Date | string | null }[] = await em
    .getConnection()
    .execute('select `shipment_id`, `handed_over_at` from `tracking_numbers` where `carrier` = ? and `tracking_number` = ? order by `generation` desc limit 2', [update.carrier, update.trackingNumber]);
  const [newest, older] = owners;
  if (!newest) return { target: shipmentWorkflowId(update.carrier, update.trackingNumber) };
  if (!older || !newest.handed_over_at) return { target: newest.shipment_id };
  return { target: newest.shipment_id, older: { shipmentId: older.shipment_id, handedOverAt: new Date(newest.handed_over_at).getTime() } };
}

/**
 * The events a shipment has not recorded yet. A re-sent delivery scan that now names who signed still goes
 * through: the proof of delivery often follows the scan. Events accepted but not yet recorded are sent again,
 * which is harmless (the workflow deduplicates by event id).
 */
async function unknownTo(em: EntityManager, shipmentId: string, events: TrackingEvent[]): Promise<TrackingEvent[]> {
  if (events.length === 0) return events;
  const eventIds = [...new Set(events.map((e) => e.eventId))];
  // Every webhook asks this, so it is one indexed query written out: under a storm, building it through the
  // query builder and hydrating entities was the API's largest own cost (bench/README.md, "CPU profile").
  const recorded: { provider: string; event_id: string }[] = await em
    .getConnection()
    .execute(
      `select \`provider\`, \`event_id\` from \`tracking_events\` where \`shipment_id\` = ? and \`event_id\` in (${eventIds.map(() => '?').join(', ')})`,
      [shipmentId, ...eventIds],
    );
  const seen = new Set(recorded.map((r) => `${r.provider}\u0000${r.event_id}`));
  return events.filter((e) => e.signedBy || !seen.has(`${e.provider}\u0000${e.eventId}`));
}
