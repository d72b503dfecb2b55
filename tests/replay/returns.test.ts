import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asKey, createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';
import { returns } from '../support/returns';
import { postCarrierEvents } from '../support/webhooks';

/**
 * Determinism guard for the return lifecycle: every committed return history replays with today's code (those
 * recorded before a patch take its old path), and a return that takes the patched paths (money at approval
 * squared after inspection, a receipt past its deadline) runs to its end and replays. `RECORD_HISTORIES=1`
 * writes it to histories/, where replay.test.ts keeps replaying it after every change.
 */
const historiesDir = join(__dirname, 'histories');

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const replay = (histories: { workflowId: string; history: unknown }[]) => replayHistories(h.config, histories);

/** The ids of the `patched()` markers in a history. */
function patchesIn(history: ReturnType<typeof historyFromJSON>): string[] {
  return (history.events ?? []).flatMap((e) => {
    const payload = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0];
    return payload?.data ? [(JSON.parse(Buffer.from(payload.data).toString('utf8')) as { id: string }).id] : [];
  });
}

it('replays every committed return history; those recorded before the adjustment, the receipt deadline and return parcel generations carry none of those patches', async () => {
  const files = readdirSync(historiesDir).filter((f) => f.startsWith('return-') && f.endsWith('.json'));
  expect(files).toContain('return-refunded-at-receipt.json');
  const histories = files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))) }));
  expect((await replay(histories)).map((r) => [r.workflowId, r.error?.message])).toEqual(histories.map((x) => [x.workflowId, undefined]));
  const before = histories.find((x) => x.workflowId === 'return-refunded-at-receipt')!;
  expect(patchesIn(before.history)).not.toContain('returns-adjust-after-inspection');
  expect(patchesIn(before.history)).not.toContain('returns-receipt-deadline');
  // Committed returns took the label number's first shipment id; the claim of a generation replays as absent.
  expect(histories.map((x) => patchesIn(x.history).includes('return-parcel-generations'))).toEqual(histories.map(() => false));
});

it('replays a return refunded at approval whose receipt came late and owed less: flagged, told, settled by an operator', async () => {
  const r = returns(h);
  const { orderId } = await r.deliveredOrder();
  const policy = { returns: { refundAt: 'approval', receiptExpectedWithin: '2 seconds' } };
  const rmaId = ((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { policy })).body as { rmaId: string }).rmaId;
  const { label } = await r.until(rmaId, (v) => v.status === 'awaiting_parcel' && v.money?.status === 'refunded');
  const parcel = { carrier: label!.carrier, trackingNumber: label!.trackingNumber };
  await postCarrierEvents(h, parcel, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: new Date().toISOString() }]);
  await postCarrierEvents(h, parcel, [{ eventId: uniqueId('rd'), status: 'delivered', occurredAt: new Date().toISOString() }]);
  await r.until(rmaId, (v) => v.receiptOverdue !== undefined);
  await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }]);
  await r.until(rmaId, (v) => v.money?.adjustment?.status === 'open');
  await eventually(async () => expect((await h.api('POST', `/v1/returns/${rmaId}/steps/clawback`, { action: 'settle', note: 'goodwill' }, asKey('operator'))).status).toBe(200));
  const handle = h.client.workflow.getHandle(`return-${rmaId}`);
  await handle.result();

  const history = await handle.fetchHistory();
  expect(patchesIn(history)).toEqual(expect.arrayContaining(['returns-adjust-after-inspection', 'returns-receipt-deadline', 'return-parcel-generations']));
  const histories = [{ workflowId: 'return-adjusted-after-late-receipt', history }];
  expect((await replay(histories)).map((x) => x.error)).toEqual([undefined]);
  if (process.env.RECORD_HISTORIES === '1') writeFileSync(join(historiesDir, 'return-adjusted-after-late-receipt.json'), historyToJSON(history));
});
