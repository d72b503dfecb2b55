import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Orm } from '../../lib/database';
import type { EntityManager } from '@mikro-orm/core';
import { TrackingNumberOwner } from '../../entities';
import type { TrackingEvent } from '../../workflows/shipment/tracking';
import { shipmentWorkflowId, trackingEventsSignal } from '../../workflows/shipment/messages';
import type { CarrierUpdate } from './types';
import { keepUnmatched, markReplayed } from './unmatched-store';

export type Delivery = 'delivered' | 'already_known' | 'kept_unmatched';

/**
 * Hands one parcel's events to the shipment that follows its tracking number: its own workflow, or the one it
 * was handed to for the last mile. A tracking number no open shipment follows is kept in MySQL (with the raw
 * payload, once per identical delivery) and replayed when the shipment starts; if the shipment appeared while we
 * were storing, we deliver after all (the workflow ignores event ids it has seen). Either way the event is
 * durable on return.
 */
export async function deliverCarrierUpdate(temporal: Client, orm: Orm, provider: string, update: CarrierUpdate, options: { retentionMs: number }): Promise<Delivery> {
  const em = orm.em.fork();
  let known = false;
  const signal = async (shipmentId: string) => {
    // AfterShip re-sends the whole checkpoint history and a signed body can be replayed: a shipment hears only
    // what it has not recorded yet, so its history grows with news, not with deliveries.
    const events = await unknownTo(em, shipmentId, update.events);
    if (events.length === 0) {
      const found: unknown[] = await em.getConnection().execute('select 1 as found from `shipments` where `id` = ? limit 1', [shipmentId]);
      known = found.length > 0;
      if (known) return true;
    }
    return temporal.workflow.getHandle(shipmentId).signal(trackingEventsSignal, { events: events.length ? events : update.events }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false; // not started yet, or already completed
        throw error;
      },
    );
  };
  const follower = async () =>
    (await em.findOne(TrackingNumberOwner, { carrier: update.carrier, trackingNumber: update.trackingNumber }))?.shipmentId ??
    shipmentWorkflowId(update.carrier, update.trackingNumber);

  // Most events belong to the parcel's own shipment: try it before asking MySQL who follows the number.
  const own = shipmentWorkflowId(update.carrier, update.trackingNumber);
  if (await signal(own)) return known ? 'already_known' : 'delivered';
  const target = await follower();
  if (target !== own && (await signal(target))) return known ? 'already_known' : 'delivered';

  const closed = await temporal.workflow.getHandle(target).describe().then(() => true, () => false);
  const kept = await keepUnmatched(em, provider, update, closed ? 'shipment_closed' : 'unknown_tracking_number', options.retentionMs);
  // The shipment may have started between our first signal and the insert: deliver now and say so.
  if (closed) return 'kept_unmatched';
  const latest = await follower();
  if (!(await signal(latest))) return 'kept_unmatched';
  await markReplayed(em, kept, latest);
  return 'delivered';
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
