import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/mysql';
import { UnmatchedWebhookEvent } from '../../entities';
import { limits } from '../../workflows/shared/limits';
import { requestHash } from '../temporal';
import type { CarrierUpdate } from './types';

/** Expired rows deleted per new row kept: pruning keeps pace with arrivals without one long delete. */
const PRUNE_BATCH = 200;

/**
 * The raw provider body as operators will read it: as sent, unless it is larger than `limits.keptPayloadBytes`;
 * then only its size and SHA-256 (the normalized events are kept either way).
 */
export function keptPayload(raw: unknown): unknown {
  if (raw === undefined) return null;
  const text = JSON.stringify(raw);
  const bytes = Buffer.byteLength(text);
  if (bytes <= limits.keptPayloadBytes) return raw;
  return { omitted: `larger than ${limits.keptPayloadBytes} bytes`, bytes, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Keeps one parcel's events for operators and for the shipment that will start later. The same delivery
 * (provider, parcel and normalized events) again is counted on its row, not stored twice. A new row prunes a
 * batch of rows older than the retention period. Returns the content hash that names the row.
 */
export async function keepUnmatched(
  em: EntityManager,
  provider: string,
  update: CarrierUpdate,
  reason: UnmatchedWebhookEvent['reason'],
  retentionMs: number,
): Promise<string> {
  const contentHash = requestHash({ provider, carrier: update.carrier, trackingNumber: update.trackingNumber, events: update.events });
  const now = new Date();
  const result = await em.getConnection().execute<{ affectedRows: number }>(
    'insert into `unmatched_webhook_events` (`provider`, `carrier`, `tracking_number`, `reason`, `events`, `payload`, `content_hash`, `deliveries`, `received_at`, `last_received_at`) ' +
      'values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) on duplicate key update `deliveries` = `deliveries` + 1, `last_received_at` = ?',
    [provider, update.carrier, update.trackingNumber, reason, JSON.stringify(update.events), JSON.stringify(keptPayload(update.raw)), contentHash, now, now, now],
    'run',
  );
  // MySQL and MariaDB count an insert as 1 affected row and an update of the duplicate as 2.
  if (result.affectedRows === 1) await pruneUnmatched(em, new Date(now.getTime() - retentionMs));
  return contentHash;
}

/** Deletes up to a batch of rows first received before `cutoff`; returns how many. */
export async function pruneUnmatched(em: EntityManager, cutoff: Date, batch = PRUNE_BATCH): Promise<number> {
  const result = await em.getConnection().execute<{ affectedRows: number }>(
    'delete from `unmatched_webhook_events` where `received_at` < ? order by `received_at` limit ?',
    [cutoff, batch],
    'run',
  );
  return result.affectedRows;
}

/** The shipment appeared while we stored: say the row went to it (unless its own replay took it first). */
export async function markReplayed(em: EntityManager, contentHash: string, shipmentId: string): Promise<void> {
  await em.nativeUpdate(UnmatchedWebhookEvent, { contentHash, replayedAt: null }, { replayedAt: new Date(), replayedInto: shipmentId });
}

/** The operators' list, newest first; served by the (replayed_at, received_at) and (carrier, tracking_number, ...) indexes. */
export function unmatchedListQuery(em: EntityManager, filter: { carrier?: string; trackingNumber?: string; includeReplayed: boolean; limit: number }) {
  const where = {
    ...(filter.carrier && { carrier: filter.carrier }),
    ...(filter.trackingNumber && { trackingNumber: filter.trackingNumber }),
    ...(!filter.includeReplayed && { replayedAt: null }),
  };
  // The raw provider payload can be large and is not part of the listing.
  return em
    .createQueryBuilder(UnmatchedWebhookEvent)
    .select(['id', 'provider', 'carrier', 'trackingNumber', 'reason', 'events', 'deliveries', 'receivedAt', 'lastReceivedAt', 'replayedAt', 'replayedInto'])
    .where(where)
    .orderBy({ receivedAt: 'desc', id: 'desc' })
    .limit(filter.limit);
}
