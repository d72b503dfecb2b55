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
  const own = shipmentWorkflowId(update.carrier, update.trackingNumber);
  // One round trip answers what most deliveries need: who follows the number, what the parcel's own shipment has
  // recorded of these events, and whether that shipment exists.
  const first = await lookUp(em, update, own);
  let route = first.route;
  let known = false;
  const signal = async (shipmentId: string, all: TrackingEvent[]) => {
    // AfterShip re-sends the whole checkpoint history and a signed body can be replayed: a shipment hears only
    // what it has not recorded yet, so its history grows with news, not with deliveries.
    const prefetched = shipmentId === own && all === update.events ? first.own : undefined;
    const events = prefetched ? unrecorded(all, prefetched.recorded) : await unknownTo(em, shipmentId, all);
    if (events.length === 0) {
      known = prefetched ? prefetched.exists : await shipmentExists(em, shipmentId);
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
  const answer = (shipmentId: string, delivery: Delivery) => ({ shipmentId, delivery: delivery === 'delivered' && known ? 'already_known' : delivery });

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
  route = (await lookUp(em, update, own)).route;
  if (!(await signal(route.target, update.events))) return answer(route.target, 'kept_unmatched');
  await markReplayed(em, kept, route.target);
  return answer(route.target, 'delivered');
}

interface LookUp {
  route: Route;
  /** What the parcel's own shipment (`shipment-<carrier>-<number>`) has recorded of this delivery's events. */
  own: { recorded: Set<string>; exists: boolean };
}

const recordKey = (provider: string, eventId: string) => `${provider}\u0000${eventId}`;

/**
 * Every webhook asks these, so they are one written-out statement: the number's two newest owners
 * (tracking_numbers, newest generation first), which of the events the own shipment has recorded, and whether that
 * shipment exists. Three indexed reads in one round trip; under a storm, each query the API sent cost it (and
 * MySQL) more than the reads themselves (bench/README.md, "CPU profile").
 */
async function lookUp(em: EntityManager, update: CarrierUpdate, own: string): Promise<LookUp> {
  const eventIds = [...new Set(update.events.map((e) => e.eventId))];
  const rows: { kind: 'owner' | 'event' | 'shipment'; a: string; b: string | null; handed_over_at: Date | string | null }[] = await em.getConnection().execute(
    '(select \'owner\' as `kind`, `shipment_id` as `a`, null as `b`, `handed_over_at` from `tracking_numbers` where `carrier` = ? and `tracking_number` = ? order by `generation` desc limit 2)' +
      ` union all (select 'event', \`provider\`, \`event_id\`, null from \`tracking_events\` where \`shipment_id\` = ? and \`event_id\` in (${eventIds.map(() => '?').join(', ')}))` +
      " union all (select 'shipment', `id`, null, null from `shipments` where `id` = ? limit 1)",
    [update.carrier, update.trackingNumber, own, ...eventIds, own],
  );
  const [newest, older] = rows.filter((r) => r.kind === 'owner');
  const recorded = new Set(rows.filter((r) => r.kind === 'event').map((r) => recordKey(r.a, r.b ?? '')));
  const ownRecords = { recorded, exists: rows.some((r) => r.kind === 'shipment') };
  if (!newest) return { route: { target: own }, own: ownRecords };
  if (!older || !newest.handed_over_at) return { route: { target: newest.a }, own: ownRecords };
  return { route: { target: newest.a, older: { shipmentId: older.a, handedOverAt: new Date(newest.handed_over_at).getTime() } }, own: ownRecords };
}

/** The events not in `recorded`; a re-sent delivery scan that now names who signed still goes through. */
function unrecorded(events: TrackingEvent[], recorded: Set<string>): TrackingEvent[] {
  return events.filter((e) => e.signedBy || !recorded.has(recordKey(e.provider, e.eventId)));
}

async function shipmentExists(em: EntityManager, shipmentId: string): Promise<boolean> {
  const found: unknown[] = await em.getConnection().execute('select 1 as found from `shipments` where `id` = ? limit 1', [shipmentId]);
  return found.length > 0;
}

/**
 * The events a shipment has not recorded yet (for a shipment other than the parcel's own). A re-sent delivery scan
 * that now names who signed still goes through: the proof of delivery often follows the scan. Events accepted but
 * not yet recorded are sent again, which is harmless (the workflow deduplicates by event id).
 */
async function unknownTo(em: EntityManager, shipmentId: string, events: TrackingEvent[]): Promise<TrackingEvent[]> {
  if (events.length === 0) return events;
  const eventIds = [...new Set(events.map((e) => e.eventId))];
  const recorded: { provider: string; event_id: string }[] = await em
    .getConnection()
    .execute(`select \`provider\`, \`event_id\` from \`tracking_events\` where \`shipment_id\` = ? and \`event_id\` in (${eventIds.map(() => '?').join(', ')})`, [shipmentId, ...eventIds]);
  return unrecorded(events, new Set(recorded.map((r) => recordKey(r.provider, r.event_id))));
}
