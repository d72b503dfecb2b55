import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CustomerEvent } from '../../workflows/customer/messages';
import { customers } from '../customer/support';
import { seedCustomer } from '../customer/seed';
import { asKey, createHarness, eventually, listWorkflows, uniqueId, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';

/**
 * Determinism guard for the customer entity workflow: a run that earned, reversed and redeemed points, changed
 * consent, sent a win-back and continued as new replays against the current code. `RECORD_HISTORIES=1` writes it
 * to histories/customer-entity-continued-as-new.json, which replay.test.ts replays with every committed history.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: { customer: { winBackOther: '2 seconds', winBackChampions: '2 seconds', winBackLoyal: '2 seconds', winBackAtRisk: '2 seconds', winBackHibernating: '2 seconds', quietHoursStart: 0, quietHoursEnd: 0, continueAsNewAfterEvents: 60 } },
  });
});
afterAll(() => h?.close());

it('replays a customer run that sent a win-back, moved points and continued as new', async () => {
  const c = customers(h);
  const customerId = uniqueId('cus');
  await seedCustomer(h, customerId);
  const orderId = uniqueId('ord');
  const at = () => new Date().toISOString();
  const items = [{ sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250 }];
  const events: CustomerEvent[] = [
    { type: 'consent_changed', eventId: uniqueId('consent'), at: at(), channels: { email: true }, timeZone: 'Europe/Berlin', source: 'storefront' },
    { type: 'order_placed', eventId: `order-${orderId}:placed`, at: at(), orderId, currency: 'EUR', items, destinationCountry: 'DE' },
    { type: 'delivered', eventId: `order-${orderId}:delivered`, at: at(), orderId, currency: 'EUR', items },
    { type: 'refunded', eventId: uniqueId('refund'), at: at(), orderId, amountMinor: 1250, currency: 'EUR' },
  ];
  for (const event of events) await c.tell(customerId, event);
  await c.until(customerId, (v) => expect(v.loyalty.balance).toBe(12));
  expect((await h.api('POST', `/v1/customers/${customerId}/loyalty/redemptions`, { redemptionId: uniqueId('red'), points: 5 }, asKey('storefront'))).status).toBe(200);
  await c.until(customerId, (v) => expect(v.contactLog).toHaveLength(1), 30_000);
  for (let i = 0; i < 25; i += 1) await c.tell(customerId, { type: 'feedback', eventId: uniqueId('fb'), at: at(), orderId, nps: 9 });

  const firstRun = await eventually(async () => {
    const runs = await listWorkflows(h, `WorkflowId = "customer-${customerId}" AND ExecutionStatus = "ContinuedAsNew"`);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    return runs.at(-1)!;
  }, 30_000);
  const history = await h.client.workflow.getHandle(`customer-${customerId}`, firstRun.runId).fetchHistory();
  expect((await replayHistories(h.config, [{ workflowId: 'customer', history }])).map((r) => r.error)).toEqual([undefined]);
  if (process.env.RECORD_HISTORIES === '1') writeFileSync(join(__dirname, 'histories', 'customer-entity-continued-as-new.json'), historyToJSON(history));
});
