import { createHash } from 'node:crypto';
import { IsolationLevel, LockMode } from '@mikro-orm/core';
import type { Orm } from '../../lib/database';
import { Shipment, TrackingNumberOwner, UnmatchedWebhookEvent } from '../../entities';
import type { ShipmentClaim } from '../../workflows/shipment/claim';
import { shipmentWorkflowId } from '../../workflows/shipment/messages';
import { isFinalStage, type ParcelStage, type TrackingEvent } from '../../workflows/shipment/tracking';

type Em = ReturnType<Orm['em']['fork']>;

export interface ParcelRef {
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
}

/**
 * Carriers recycle tracking numbers, months later and for another customer. A number's owners are numbered
 * generations (tracking_numbers); a new parcel starts a new generation when the newest owner's parcel belongs to
 * another order or has reached a final stage (delivered, returned, lost), so it gets a shipment, idempotency keys,
 * links and a timeline of its own. Otherwise the number stays with its owner (the same order shipping an open
 * parcel's number twice: the order alerts operators, as before).
 */
async function newGenerationNeeded(em: Em, newest: TrackingNumberOwner, orderId: string | undefined): Promise<boolean> {
  const shipment = await em.findOne(Shipment, { id: newest.shipmentId });
  const ownersOrder = newest.orderId ?? shipment?.orderId;
  if (orderId !== undefined && ownersOrder !== undefined && ownersOrder !== orderId) return true;
  return shipment !== null && isFinalStage(shipment.stage as ParcelStage);
}

/** When a hand-off event says the parcel changed hands (the scan's time), else now. */
const handedOver = (at: string | undefined) => (at && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date());

/** The number's owners, newest generation first, locked until the transaction ends. */
function ownersOf(em: Em, carrier: string, trackingNumber: string): Promise<TrackingNumberOwner[]> {
  return em.find(TrackingNumberOwner, { carrier, trackingNumber }, { orderBy: { generation: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * The claims read a number's owners FOR UPDATE and insert the next generation. Under REPEATABLE READ a read that
 * finds no row takes a gap lock, so two claims of new numbers in the same gap deadlock on their inserts (seen with
 * twenty parcels shipped at once). READ COMMITTED takes no gap lock; two claims of the same new number then race
 * on the unique (carrier, tracking number, generation) key: one wins, the other fails and its activity retries,
 * finding the winner's row.
 */
const claimIsolation = { isolationLevel: IsolationLevel.READ_COMMITTED };

async function addOwner(em: Em, owner: Omit<TrackingNumberOwner, 'id'>): Promise<TrackingNumberOwner> {
  const id = await em.insert(TrackingNumberOwner, owner);
  return Object.assign(new TrackingNumberOwner(), owner, { id });
}

/**
 * Chooses the shipment id of a new parcel (one the warehouse handed over, or a return label's):
 * `shipment-<carrier>-<trackingNumber>` for a new number, `-g<n>` when the number is recycled. `claimKey` (the
 * order workflow and the warehouse event, or the return workflow) makes a retried claim answer the same. A return
 * parcel never shares an earlier owner's shipment, not even an open parcel of its own order.
 */
export async function assignShipmentId(orm: Orm, claim: ShipmentClaim): Promise<string> {
  // The column holds 191 characters; a longer key is kept as its SHA-256.
  const claimKey = claim.claimKey.length <= 191 ? claim.claimKey : createHash('sha256').update(claim.claimKey).digest('hex');
  return orm.em.fork().transactional(async (em) => {
    const claimed = await em.findOne(TrackingNumberOwner, { claimKey });
    if (claimed) return claimed.shipmentId;
    const [newest] = await ownersOf(em, claim.carrier, claim.trackingNumber);
    if (newest && claim.direction !== 'return' && !(await newGenerationNeeded(em, newest, claim.orderId))) return newest.shipmentId;
    const generation = (newest?.generation ?? 0) + 1;
    const shipmentId = shipmentWorkflowId(claim.carrier, claim.trackingNumber, generation);
    await addOwner(em, { carrier: claim.carrier, trackingNumber: claim.trackingNumber, shipmentId, generation, orderId: claim.orderId, handedOverAt: new Date(claim.handedOverAt), claimKey });
    return shipmentId;
  }, claimIsolation);
}

/**
 * Registers the tracking number as this shipment's (its own or a last-mile hand-off's; a new generation if the
 * number is recycled) and claims the events kept for it so far. A later generation claims only events dated from
 * its hand-over on: older ones are the previous parcel's late scans.
 */
export async function followTrackingNumber(orm: Orm, parcel: ParcelRef & { orderId?: string; at?: string }): Promise<TrackingEvent[]> {
  return orm.em.fork().transactional(async (em) => {
    const owners = await ownersOf(em, parcel.carrier, parcel.trackingNumber);
    let mine = owners.find((o) => o.shipmentId === parcel.shipmentId);
    if (!mine) {
      const newest = owners.at(0);
      const orderId = parcel.orderId ?? (await em.findOne(Shipment, { id: parcel.shipmentId }))?.orderId;
      if (!newest) mine = await addOwner(em, { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, shipmentId: parcel.shipmentId, generation: 1, orderId });
      else if (await newGenerationNeeded(em, newest, orderId)) {
        mine = await addOwner(em, { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, shipmentId: parcel.shipmentId, generation: newest.generation + 1, orderId, handedOverAt: handedOver(parcel.at) });
      }
    }
    const from = mine && mine.generation > 1 && mine.handedOverAt ? mine.handedOverAt.getTime() : -Infinity;
    // Rows already handed to this shipment come back too: if the worker crashed after this commit and before
    // the workflow got the answer, the retry must return them again (the workflow ignores event ids it knows).
    const rows = await em.find(
      UnmatchedWebhookEvent,
      { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, $or: [{ replayedAt: null }, { replayedInto: parcel.shipmentId }] },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    const ours = (row: UnmatchedWebhookEvent) => (row.events as TrackingEvent[]).filter((e) => Date.parse(e.occurredAt) >= from);
    const claimed = rows.filter((row) => row.replayedInto === parcel.shipmentId || ours(row).length > 0);
    for (const row of claimed.filter((r) => !r.replayedAt)) {
      row.replayedAt = new Date();
      row.replayedInto = parcel.shipmentId;
    }
    return claimed.flatMap(ours);
  }, claimIsolation);
}
