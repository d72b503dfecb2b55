import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmatchedListQuery } from '../../api/webhooks/unmatched-store';
import { UnmatchedWebhookEvent } from '../../entities';
import { createHarness, uniqueId, type Harness } from '../support/harness';
import { postSignedWebhook } from '../support/webhooks';
import { shippoStatus, shippoWebhook } from '../webhooks/fixtures';

/**
 * Carrier events no shipment owns are kept for operators, but bounded: a carrier retrying the same delivery does
 * not store it again, rows older than the retention period are deleted, and the operators' list reads an index.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, { worker: false, env: { UNMATCHED_WEBHOOK_RETENTION: '2 days' } });
});
afterAll(() => h?.close());

const newTrackingNumber = () => `9205${Date.now()}${Math.floor(Math.random() * 1e6)}`;
const history = [
  shippoStatus('2026-03-02T16:10:00Z', 'PRE_TRANSIT', 'information_received', 'Shipping Label Created', { city: 'Las Vegas', state: 'NV' }),
  shippoStatus('2026-03-02T22:41:00Z', 'TRANSIT', 'package_accepted', 'USPS picked up item', { city: 'Las Vegas', state: 'NV' }),
];
const rowsFor = (trackingNumber: string) => h.orm.em.fork().find(UnmatchedWebhookEvent, { trackingNumber }, { orderBy: { id: 'asc' } });

describe('unmatched webhook storage', () => {
  it('stores an identical delivery once and counts it; a delivery with news gets its own row', async () => {
    const trackingNumber = newTrackingNumber();
    const first = JSON.stringify(shippoWebhook(history.slice(0, 1), 'usps', trackingNumber));
    for (let i = 0; i < 3; i += 1) expect((await postSignedWebhook(h, 'shippo', first)).status).toBe(202);
    expect((await rowsFor(trackingNumber)).map((r) => r.deliveries)).toEqual([3]);

    expect((await postSignedWebhook(h, 'shippo', JSON.stringify(shippoWebhook(history, 'usps', trackingNumber)))).status).toBe(202);
    const rows = await rowsFor(trackingNumber);
    expect(rows.map((r) => [r.events.length, r.deliveries])).toEqual([[1, 3], [2, 1]]);
    expect(rows[0]!.lastReceivedAt.getTime()).toBeGreaterThan(rows[0]!.receivedAt.getTime());

    const list = await h.api<{ items: { eventCount: number; deliveries: number }[] }>('GET', `/v1/webhooks/unmatched?trackingNumber=${trackingNumber}`);
    expect(list.body.items.map((i) => [i.eventCount, i.deliveries])).toEqual([[2, 1], [1, 3]]);
  });

  it('deletes rows older than the retention period when new ones arrive, and keeps younger ones', async () => {
    const old = newTrackingNumber();
    const young = newTrackingNumber();
    const conn = h.orm.em.fork().getConnection();
    const insert = (trackingNumber: string, ageMs: number) =>
      conn.execute(
        'insert into unmatched_webhook_events (provider, carrier, tracking_number, reason, events, payload, content_hash, received_at, last_received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['shippo', 'usps', trackingNumber, 'unknown_tracking_number', '[]', 'null', uniqueId('hash').padEnd(64, '0'), new Date(Date.now() - ageMs), new Date()],
        'run',
      );
    await insert(old, 3 * 24 * 3600_000);
    await insert(young, 24 * 3600_000);
    expect(await rowsFor(old)).toHaveLength(1);

    const trackingNumber = newTrackingNumber();
    expect((await postSignedWebhook(h, 'shippo', JSON.stringify(shippoWebhook(history, 'usps', trackingNumber)))).status).toBe(202);
    expect(await rowsFor(old)).toHaveLength(0);
    expect(await rowsFor(young)).toHaveLength(1);
    expect(await rowsFor(trackingNumber)).toHaveLength(1);
  });

  it('reads the operators\' list (newest first, not yet replayed) from an index instead of scanning the table', async () => {
    // A table of a realistic size (on a handful of rows any engine rightly scans): most rows replayed, some not.
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const at = new Date(Date.now() - 24 * 3600_000 - i * 60_000);
      return ['generic', `carrier_${i % 40}`, `BULK${i}`, 'unknown_tracking_number', '[]', 'null', `bulk-${i}-${uniqueId('')}`.padEnd(64, '0'), at, at, i % 10 === 0 ? null : at];
    });
    await h.orm.em.fork().getConnection().execute(
      `insert into unmatched_webhook_events (provider, carrier, tracking_number, reason, events, payload, content_hash, received_at, last_received_at, replayed_at) values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
      'run',
    );
    await h.orm.em.fork().getConnection().execute('analyze table unmatched_webhook_events');
    const em = h.orm.em.fork();
    const explain = async (filter: Parameters<typeof unmatchedListQuery>[1]) => {
      const sql = unmatchedListQuery(em, filter).getFormattedQuery();
      return em.getConnection().execute<{ key: string | null; type: string; Extra: string | null }[]>(`explain ${sql}`);
    };
    const [unfiltered] = await explain({ includeReplayed: false, limit: 50 });
    expect(unfiltered).toMatchObject({ key: 'unmatched_webhook_events_replayed_at_received_at_index' });
    expect(unfiltered!.Extra ?? '').not.toContain('filesort');
    const [byParcel] = await explain({ carrier: 'usps', trackingNumber: '92051', includeReplayed: false, limit: 50 });
    expect(byParcel!.key).toBe('unmatched_webhook_events_carrier_tracking_number_re_8180e_index');
    await em.getConnection().execute("delete from unmatched_webhook_events where tracking_number like 'BULK%'");
  });
});
