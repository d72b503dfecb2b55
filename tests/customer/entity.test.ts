import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyLedgerEntry } from '../../entities';
import type { CustomerEvent } from '../../workflows/customer/messages';
import { createHarness, eventually, listWorkflows, uniqueId, type Harness } from '../support/harness';
import { customers } from './support';
import { seedCustomer } from './seed';

const WIN_BACK = '6 seconds';
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: {
      customer: {
        winBackChampions: WIN_BACK, winBackLoyal: WIN_BACK, winBackAtRisk: WIN_BACK, winBackOther: WIN_BACK, winBackHibernating: WIN_BACK,
        replenishmentCycles: 'REFILL-CAP=2 seconds',
        quietHoursStart: 21, quietHoursEnd: 8,
        marketingCap: 1, marketingCapWindow: '1 hour',
        continueAsNewAfterEvents: 40,
      },
    },
  });
});
afterAll(() => h?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fixed-offset zone where the local hour is `hour` right now (Etc/GMT-5 is UTC+5). */
function zoneWithLocalHour(hour: number): { zone: string; offsetHours: number } {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return { zone: offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`, offsetHours: offset };
}

async function consentingCustomer(localHour: number) {
  const c = customers(h);
  const customerId = uniqueId('cus');
  await seedCustomer(h, customerId);
  const { zone, offsetHours } = zoneWithLocalHour(localHour);
  await c.tell(customerId, { type: 'consent_changed', eventId: uniqueId('consent'), at: new Date().toISOString(), channels: { email: true }, timeZone: zone, source: 'storefront' });
  return { customerId, zone, offsetHours };
}

const order = (type: 'order_placed' | 'delivered', orderId: string, skus: string[], priceMinor = 1000, at = new Date()): CustomerEvent => ({
  type, eventId: `order-${orderId}:${type}`, at: at.toISOString(), orderId, currency: 'EUR', items: skus.map((sku) => ({ sku, quantity: 1, unitPriceMinor: priceMinor })),
});

describe('quiet hours and the frequency cap', () => {
  it("holds a due win-back until the customer's quiet hours end, and sends at once outside them", async () => {
    const c = customers(h);
    const night = await consentingCustomer(23);
    const noon = await consentingCustomer(12);
    await c.tell(night.customerId, order('order_placed', uniqueId('ord'), ['MUG-BLUE']));
    await c.tell(noon.customerId, order('order_placed', uniqueId('ord'), ['MUG-BLUE']));

    await c.until(noon.customerId, (v) => expect(v.contactLog).toEqual([expect.objectContaining({ kind: 'win_back', status: 'sent' })]), 30_000);
    const held = await c.until(night.customerId, (v) => expect(v.outreach[0]).toMatchObject({ kind: 'win_back', status: 'deferred' }), 30_000);
    expect(held.outreach[0]!.reason).toBe(`quiet hours 21:00-8:00 in ${night.zone}`);
    // It waits until 08:00:00 local time, the next morning.
    const until = Date.parse(held.outreach[0]!.dueAt);
    expect((until + night.offsetHours * 3_600_000) % 86_400_000).toBe(8 * 3_600_000);
    expect(until - Date.now()).toBeGreaterThan(8 * 3_600_000);
    expect(until - Date.now()).toBeLessThanOrEqual(9 * 3_600_000);
    expect(c.marketing(night.customerId)).toEqual([]);
    expect(c.marketing(noon.customerId)).toHaveLength(1);
  });

  it('sends one marketing message per cap window and defers the next, each message once', async () => {
    const c = customers(h);
    const { customerId } = await consentingCustomer(12);
    const orderId = uniqueId('ord');
    await c.tell(customerId, order('order_placed', orderId, ['REFILL-CAP']));
    await c.tell(customerId, order('delivered', orderId, ['REFILL-CAP']));

    const sent = await c.until(customerId, (v) => expect(v.contactLog).toEqual([expect.objectContaining({ key: `replenishment:REFILL-CAP:${orderId}`, status: 'sent' })]), 30_000);
    const capped = await c.until(customerId, (v) => expect(v.outreach).toEqual([expect.objectContaining({ kind: 'win_back', status: 'deferred' })]), 30_000);
    expect(capped.outreach[0]!.reason).toMatch(/^frequency cap: 1 marketing message\(s\) in the last 1 hour$/);
    expect(Date.parse(capped.outreach[0]!.dueAt)).toBeGreaterThanOrEqual(Date.parse(sent.contactLog[0]!.at) + 3_600_000);
    await sleep(2000);
    expect(c.marketing(customerId).map((m) => m.body.template)).toEqual(['replenishment']);
  });
});

describe('continue-as-new', () => {
  it('keeps state, the pending win-back and every signal that arrives around it', { timeout: 120_000 }, async () => {
    const c = customers(h);
    const { customerId } = await consentingCustomer(12);
    const first = uniqueId('ord');
    await c.tell(customerId, order('order_placed', first, ['MUG-BLUE'], 2500));
    await c.tell(customerId, order('delivered', first, ['MUG-BLUE'], 2500));
    await c.until(customerId, (v) => expect(v.loyalty.balance).toBe(25));

    // A burst of orders, sent concurrently while the workflow continues as new (the threshold is 40 events).
    // Placed "in 20 seconds" (the storefront's clock), so the win-back they move is surely still pending when the
    // run hands over, even on a loaded machine.
    const placedAt = new Date(Date.now() + 20_000);
    const burst = Array.from({ length: 30 }, () => uniqueId('ord'));
    await Promise.all(burst.map((orderId) => c.tell(customerId, order('order_placed', orderId, ['TEA-EARLGREY'], 1000, placedAt))));

    const after = await c.until(customerId, (v) => {
      expect(v.run).toBeGreaterThanOrEqual(2);
      expect(v.facts.orders).toBe(31);
    });
    // Nothing sent yet: the win-back is still a pending timer, now held by the new run.
    expect(after.contactLog).toEqual([]);
    expect(after.outreach.map((o) => o.kind)).toEqual(['win_back']);
    expect(after).toMatchObject({ consent: { email: true }, loyalty: { balance: 25, lifetimePoints: 25 } });
    const runs = await listWorkflows(h, `WorkflowId = "customer-${customerId}"`);
    expect(runs.length).toBeGreaterThanOrEqual(2);

    const sent = await c.until(customerId, (v) => expect(v.contactLog).toHaveLength(1), 60_000);
    expect(sent.contactLog[0]).toMatchObject({ kind: 'win_back', status: 'sent' });
    expect(sent.contactLog[0]!.key).toMatch(/^win_back:ord-/);
    await sleep(1500);
    expect(c.marketing(customerId)).toHaveLength(1);
    const ledger = await h.orm.em.fork().find(LoyaltyLedgerEntry, { customerId });
    expect(ledger.map((e) => [e.kind, e.points])).toEqual([['earn', 25]]);
  });

  it('continues as new with a fresh customer and no signal lost when many arrive at once', async () => {
    const c = customers(h);
    const customerId = uniqueId('cus');
    const burst = Array.from({ length: 60 }, () => uniqueId('ord'));
    await Promise.all(burst.map((orderId) => c.tell(customerId, order('order_placed', orderId, ['MUG-BLUE']))));
    await eventually(async () => {
      const view = await c.view(customerId);
      expect([view.facts.orders, view.run > 1]).toEqual([60, true]);
    }, 30_000);
  });
});
