import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Customer, RfmBoundariesRecord } from '../../entities';
import { openDatabase, type Orm } from '../../lib/database';
import { ensureRfmSchedule } from '../../lib/rfm-schedule';
import type { CustomerEvent } from '../../workflows/customer/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { customers } from './support';

/**
 * RFM on a seeded set of ten customers, in a database of this file's own: the quintile boundaries are computed
 * over every customer in MySQL, so other test files' customers must not count. Expected scores worked out by hand:
 *
 *   recency days 2 5 10 20 40 60 100 150 200 300   -> cut-offs (ranks 2, 4, 6, 8) 5, 20, 60, 150
 *   delivered orders 6 5 4 1 3 2 5 1 2 1 (sorted 1 1 1 2 2 3 4 5 5 6) -> 1, 2, 3, 5
 *   net EUR 600 450 100 80 250 120 500 40 60 30 (sorted 30 40 60 80 100 120 250 450 500 600) -> 40, 80, 120, 450
 */
const seeded = [
  { name: 'c1', days: 2, orders: 6, netEur: 600, expect: { segment: 'champions', scores: { recency: 5, frequency: 5, monetary: 5 } } },
  { name: 'c2', days: 5, orders: 5, netEur: 450, refundEur: 50, expect: { segment: 'champions', scores: { recency: 5, frequency: 4, monetary: 4 } } },
  { name: 'c3', days: 10, orders: 4, netEur: 100, expect: { segment: 'loyal', scores: { recency: 4, frequency: 4, monetary: 3 } } },
  { name: 'c4', days: 20, orders: 1, netEur: 80, expect: { segment: 'new', scores: { recency: 4, frequency: 1, monetary: 2 } } },
  { name: 'c5', days: 40, orders: 3, netEur: 250, expect: { segment: 'promising', scores: { recency: 3, frequency: 3, monetary: 4 } } },
  { name: 'c6', days: 60, orders: 2, netEur: 120, expect: { segment: 'promising', scores: { recency: 3, frequency: 2, monetary: 3 } } },
  { name: 'c7', days: 100, orders: 5, netEur: 500, expect: { segment: 'at_risk', scores: { recency: 2, frequency: 4, monetary: 5 } } },
  { name: 'c8', days: 150, orders: 1, netEur: 40, expect: { segment: 'hibernating', scores: { recency: 2, frequency: 1, monetary: 1 } } },
  { name: 'c9', days: 200, orders: 2, netEur: 60, expect: { segment: 'hibernating', scores: { recency: 1, frequency: 2, monetary: 2 } } },
  { name: 'c10', days: 300, orders: 1, netEur: 30, expect: { segment: 'hibernating', scores: { recency: 1, frequency: 1, monetary: 1 } } },
];

const DAY = 86_400_000;
const databaseName = `aftercart_test_${process.pid}_rfm`;
let h: Harness;
let orm: Orm;
beforeAll(async () => {
  const databaseUrl = inject('databaseUrl').replace(/\/[A-Za-z0-9_]+$/, `/${databaseName}`);
  orm = await openDatabase(databaseUrl, { migrate: true });
  h = await createHarness(__filename, { env: { DATABASE_URL: databaseUrl }, policy: { customer: { rescoreEvery: '2 seconds' } } });
});
afterAll(async () => {
  await h?.close();
  await orm?.schema.dropDatabase(databaseName).catch(() => undefined);
  await orm?.close(true);
});

/** The customer's history as the order hand-off and the refunds ledger tell it: orders placed, delivered, refunded. */
function history(customer: (typeof seeded)[number]): CustomerEvent[] {
  const events: CustomerEvent[] = [];
  const grossMinor = (customer.netEur + (customer.refundEur ?? 0)) * 100;
  const base = Math.floor(grossMinor / customer.orders);
  for (let i = 0; i < customer.orders; i += 1) {
    const orderId = uniqueId(`${customer.name}o${i}`);
    // The last order is the most recent: `days` days (and an hour) ago; earlier ones a week apart before it.
    const at = new Date(Date.now() - (customer.days + (customer.orders - 1 - i) * 7) * DAY - 3_600_000).toISOString();
    const items = [{ sku: 'RFM-ITEM', quantity: 1, unitPriceMinor: base + (i === 0 ? grossMinor - base * customer.orders : 0) }];
    events.push({ type: 'order_placed', eventId: `${orderId}:placed`, at, orderId, currency: 'EUR', items });
    events.push({ type: 'delivered', eventId: `${orderId}:delivered`, at, orderId, currency: 'EUR', items });
    if (i === customer.orders - 1 && customer.refundEur) {
      events.push({ type: 'refunded', eventId: `${orderId}:refund`, at, orderId, amountMinor: customer.refundEur * 100, currency: 'EUR' });
    }
  }
  return events;
}

describe('RFM segments', () => {
  it('scores a seeded set against the quintile boundaries the schedule computes, with the expected segments and why', { timeout: 180_000 }, async () => {
    const c = customers(h);
    const ids = Object.fromEntries(seeded.map((s) => [s.name, uniqueId(s.name)]));
    // Each customer's history in order; the customers side by side.
    await Promise.all(seeded.map(async (customer) => {
      for (const event of history(customer)) await c.tell(ids[customer.name]!, event);
    }));
    // Before any boundaries exist, a customer with orders is unscored, and says why.
    const before = await c.until(ids.c1!, (v) => expect(v.facts.deliveredOrders).toBe(6));
    expect(before.segment).toBe('unscored');
    // Every customer's facts reach MySQL, where the schedule reads them.
    await eventually(async () => {
      const rows = await orm.em.fork().find(Customer, { id: { $in: Object.values(ids) } });
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.deliveredOrders, r.monetaryMinor]]))).toEqual(
        Object.fromEntries(seeded.map((s) => [ids[s.name], [s.orders, s.netEur * 100]])),
      );
    });

    const scheduleId = uniqueId('rfm-schedule');
    expect(await ensureRfmSchedule(h.client, { taskQueue: h.taskQueue, every: '1 day', scheduleId })).toEqual({ created: true });
    // Start-up runs it every time: the second call changes the existing schedule instead of adding one.
    expect(await ensureRfmSchedule(h.client, { taskQueue: h.taskQueue, every: '1 day', scheduleId })).toEqual({ created: false });
    const schedule = h.client.schedule.getHandle(scheduleId);
    try {
      await schedule.trigger();
      const boundaries = await eventually(async () => {
        const [row] = await orm.em.fork().find(RfmBoundariesRecord, {}, { orderBy: { id: 'desc' }, limit: 1 });
        expect(row).toBeDefined();
        return row!;
      });
      expect([boundaries.customers, boundaries.recencyDays, boundaries.frequency, boundaries.monetaryMinor]).toEqual([10, [5, 20, 60, 150], [1, 2, 3, 5], [4000, 8000, 12000, 45000]]);

      for (const customer of seeded) {
        const view = await c.until(ids[customer.name]!, (v) => expect(v.segment).not.toBe('unscored'));
        expect({ name: customer.name, segment: view.segment, scores: view.scores }).toEqual({ name: customer.name, ...customer.expect });
      }
      const champion = await c.view(ids.c2!);
      expect(champion.facts).toMatchObject({ deliveredOrders: 5, monetaryMinor: 45000, refundedMinor: 5000 });
      expect(champion.why).toEqual([
        'Last order 5 day(s) ago: R5 (quintile cut-offs 5, 20, 60, 150 days; fewer days score higher).',
        '5 delivered order(s): F4 (cut-offs 1, 2, 3, 5).',
        '450.00 delivered net of refunds: M4 (cut-offs 40.00, 80.00, 120.00, 450.00).',
        expect.stringMatching(/^Segment champions: R≥4, F≥4 and M≥4\. Boundaries computed .* over 10 customer\(s\)\.$/),
      ]);
      await eventually(async () => expect((await orm.em.fork().findOneOrFail(Customer, { id: ids.c7! })).segment).toBe('at_risk'));
    } finally {
      await schedule.delete();
    }
  });
});
