import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Orm } from '../../lib/database';
import { UnmatchedWebhookEvent } from '../../entities';
import { shipmentWorkflowId, trackingEventsSignal } from '../../workflows/shipment/messages';
import type { CarrierUpdate } from './types';

export type Delivery = 'delivered' | 'kept_unmatched';

/**
 * Hands one parcel's events to its shipment workflow. A tracking number no open shipment owns is kept in MySQL
 * (with the raw payload) and replayed when the shipment starts; if the shipment appeared while we were storing,
 * we deliver as well (the workflow ignores event ids it has seen). Either way the event is durable on return.
 */
export async function deliverCarrierUpdate(temporal: Client, orm: Orm, provider: string, update: CarrierUpdate): Promise<Delivery> {
  const handle = temporal.workflow.getHandle(shipmentWorkflowId(update.carrier, update.trackingNumber));
  const signal = () => handle.signal(trackingEventsSignal, { events: update.events });
  try {
    await signal();
    return 'delivered';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  // The signal failed: either no such shipment yet, or one that has already completed.
  const closed = await handle.describe().then(() => true, () => false);
  const em = orm.em.fork();
  em.create(UnmatchedWebhookEvent, {
    provider,
    carrier: update.carrier,
    trackingNumber: update.trackingNumber,
    reason: closed ? 'shipment_closed' : 'unknown_tracking_number',
    events: update.events,
    payload: update.raw ?? null,
  });
  await em.flush();
  // The shipment may have started (and claimed its early events) between our signal and the insert.
  await signal().catch((error: unknown) => {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  });
  return 'kept_unmatched';
}
