import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customers } from '../customer/support';
import { createHarness, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';
import { returns } from '../support/returns';

/**
 * Determinism guard for the return's hand-off to the customer (`patched('customer-returned')`): a return that
 * ends completed tells `customer-<id>`, and its history replays against the current code. `RECORD_HISTORIES=1`
 * writes it to histories/return-refunded-told-customer.json (beside return-refunded-at-receipt.json, recorded
 * before the hand-off), which replay.test.ts replays with every committed history.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

it('replays a completed return that told the customer what came back', async () => {
  const r = returns(h);
  const { orderId, body } = await r.deliveredOrder();
  const answer = await r.request(orderId, [{ sku: 'TEA-EARLGREY', quantity: 1, reason: 'damaged' }]);
  const rmaId = (answer.body as { rmaId: string }).rmaId;
  await r.until(rmaId, 'awaiting_parcel');
  await r.receipt(rmaId, [{ sku: 'TEA-EARLGREY', condition: 'damaged', quantity: 1 }]);
  const handle = h.client.workflow.getHandle(`return-${rmaId}`);
  await handle.result();
  await customers(h).until(body.customer.id, (v) => expect(v.facts.lastReturn).toMatchObject({ rmaId, units: 1 }));

  const history = await handle.fetchHistory();
  expect((await replayHistories(h.config, [{ workflowId: 'return-refunded-told-customer', history }])).map((r) => r.error)).toEqual([undefined]);
  if (process.env.RECORD_HISTORIES === '1') writeFileSync(join(__dirname, 'histories', 'return-refunded-told-customer.json'), historyToJSON(history));
});
