import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../../workflows/customer/messages';
import { createHarness, type Harness } from '../support/harness';
import { uniqueId } from '../support/ids';
import { returns } from '../support/returns';
import { customers } from './support';

let h: Harness;
beforeAll(async () => {
  // A low continue-as-new threshold, so the test can show the return still counts once in the next run.
  h = await createHarness(__filename, { policy: { customer: { continueAsNewAfterEvents: 40 } } });
});
afterAll(() => h?.close());

describe("a completed return in the customer's facts", () => {
  it('shows in GET /v1/customers/{id} once, with what came back and what was refunded, also after continue-as-new', { timeout: 120_000 }, async () => {
    const r = returns(h);
    const c = customers(h);
    const { orderId, body } = await r.deliveredOrder();
    const customerId = body.customer.id;
    await c.until(customerId, (v) => expect(v.facts.deliveredOrders).toBe(1));

    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }]);
    expect(answer.status).toBe(201);
    const rmaId = (answer.body as { rmaId: string }).rmaId;
    await r.until(rmaId, 'awaiting_parcel');
    // One mug comes back, the other is missing: one unit back, one unit refunded.
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);
    const done = await r.until(rmaId, 'completed');
    expect(done.money).toMatchObject({ status: 'refunded', amountMinor: 1250 });

    const told = await c.until(customerId, (v) => expect(v.facts.returns).toBe(1));
    expect(told.facts).toMatchObject({
      returns: 1,
      returnedUnits: 1,
      lastReturn: { rmaId, orderId, units: 1, refundedMinor: 1250, resolution: 'refund' },
      refundedMinor: 1250, // the refunds ledger's own event; the return's does not count the money twice
    });

    // The same return told again (a sender's retry, here with another event id) counts once, also in the next run.
    const again: CustomerEvent = { type: 'returned', eventId: uniqueId('again'), at: new Date().toISOString(), orderId, rmaId, items: [{ sku: 'MUG-BLUE', quantity: 1 }], refundedMinor: 1250, currency: 'EUR', resolution: 'refund' };
    await c.tell(customerId, again);
    for (let i = 0; i < 30; i += 1) await c.tell(customerId, { type: 'feedback', eventId: uniqueId('fb'), at: new Date().toISOString(), orderId, nps: 9 });
    await c.until(customerId, (v) => expect(v.run).toBeGreaterThanOrEqual(2), 30_000);
    await c.tell(customerId, { ...again, eventId: `return-${rmaId}:returned` });
    await c.tell(customerId, { ...again, eventId: uniqueId('later') });
    // Signals apply in order: once a later order shows, the repeats before it were applied (or ignored).
    const nextOrder = uniqueId('ord');
    await c.tell(customerId, { type: 'order_placed', eventId: `order-${nextOrder}:placed`, at: new Date().toISOString(), orderId: nextOrder, currency: 'EUR', items: [{ sku: 'MUG-BLUE', quantity: 1, unitPriceMinor: 1250 }] });
    const later = await c.until(customerId, (v) => expect(v.facts.orders).toBe(2));
    expect(later.facts).toMatchObject({ returns: 1, returnedUnits: 1, lastReturn: { rmaId }, refundedMinor: 1250 });
  });
});
