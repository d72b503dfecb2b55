import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Orm } from '../../lib/database';
import { TrackingNumberOwner } from '../../entities';
import { shipmentWorkflowId, trackingEventsSignal } from '../../workflows/shipment/messages';
import type { CarrierUpdate } from './types';
import { keepUnmatched, markReplayed } from './unmatched-store';

export type Delivery = 'delivered' | 'kept_unmatched';

/**
 * Hands one parcel's events to the shipment that follows its tracking number: its own workflow, or the one it
 * was handed to for the last mile. A tracking number no open shipment follows is kept in MySQL (with the raw
 * payload, once per identical delivery) and replayed when the shipment starts; if the shipment appeared while we
 * were storing, we deliver after all (the workflow ignores event ids it has seen). Either way the event is
 * durable on return.
 */
export async function deliverCarrierUpdate(temporal: Client, orm: Orm, provider: string, update: CarrierUpdate, options: { retentionMs: number }): Promise<Delivery> {
  const signal = (shipmentId: string) =>
    temporal.workflow.getHandle(shipmentId).signal(trackingEventsSignal, { events: update.events }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false; // not started yet, or already completed
        throw error;
      },
    );
  const em = orm.em.fork();
  const follower = async () =>
    (await em.findOne(TrackingNumberOwner, { carrier: update.carrier, trackingNumber: update.trackingNumber }))?.shipmentId ??
    shipmentWorkflowId(update.carrier, update.trackingNumber);

  // Most events belong to the parcel's own shipment: try it before asking MySQL who follows the number.
  const own = shipmentWorkflowId(update.carrier, update.trackingNumber);
  if (await signal(own)) return 'delivered';
  const target = await follower();
  if (target !== own && (await signal(target))) return 'delivered';

  const closed = await temporal.workflow.getHandle(target).describe().then(() => true, () => false);
  const kept = await keepUnmatched(em, provider, update, closed ? 'shipment_closed' : 'unknown_tracking_number', options.retentionMs);
  // The shipment may have started between our first signal and the insert: deliver now and say so.
  if (closed) return 'kept_unmatched';
  const latest = await follower();
  if (!(await signal(latest))) return 'kept_unmatched';
  await markReplayed(em, kept, latest);
  return 'delivered';
}
