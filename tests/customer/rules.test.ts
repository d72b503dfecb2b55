import { msToNumber } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { pendingOutreach, quietHoursEnd, sendGate, type ContactLogEntry } from '../../workflows/customer/outreach';
import { customerPolicy, parseReplenishmentCycles } from '../../workflows/customer/policy';
import { quintileCutoffs, scoreRfm } from '../../workflows/customer/rfm';
import { CustomerBook, initialState } from '../../workflows/customer/state';
import type { CustomerEvent } from '../../workflows/customer/messages';

describe('customer production policy', () => {
  it('keeps the production values the business agreed on', () => {
    expect(customerPolicy).toEqual({
      pointsPerCurrencyUnit: 1,
      silverTierPoints: 500,
      goldTierPoints: 2000,
      rescoreEvery: '1 day',
      rfmRecomputeEvery: '1 day',
      winBackChampions: '90 days',
      winBackLoyal: '60 days',
      winBackAtRisk: '30 days',
      winBackOther: '45 days',
      winBackHibernating: '180 days',
      replenishmentCycles: 'TEA-EARLGREY=30 days,COFFEE-BEANS=21 days',
      marketingCap: 2,
      marketingCapWindow: '7 days',
      quietHoursStart: 21,
      quietHoursEnd: 8,
      bestSellerWindow: '30 days',
      recommendations: 3,
      continueAsNewAfterEvents: 2000,
    });
    expect(loadConfig({}).policy.customer).toEqual(customerPolicy);
  });

  it('wins back customers worth more sooner than those long gone, and caps well under the win-back cadence', () => {
    const p = customerPolicy;
    expect(msToNumber(p.winBackAtRisk)).toBeLessThan(msToNumber(p.winBackLoyal));
    expect(msToNumber(p.winBackLoyal)).toBeLessThan(msToNumber(p.winBackChampions));
    expect(msToNumber(p.winBackChampions)).toBeLessThan(msToNumber(p.winBackHibernating));
    expect(msToNumber(p.marketingCapWindow)).toBeLessThan(msToNumber(p.winBackAtRisk));
    expect(p.silverTierPoints).toBeLessThan(p.goldTierPoints);
    // Temporal's suggested continue-as-new point is 4,000+ events; the threshold stays well under it.
    expect(p.continueAsNewAfterEvents).toBeLessThan(10_000);
    expect(parseReplenishmentCycles(p.replenishmentCycles)).toEqual({ 'TEA-EARLGREY': '30 days', 'COFFEE-BEANS': '21 days' });
  });

  it.each([
    ['{"customer":{"replenishmentCycles":"TEA=soonish"}}', 'AFTERCART_POLICY.customer.replenishmentCycles'],
    ['{"customer":{"replenishmentCycles":"TEA=30 days=x"}}', 'AFTERCART_POLICY.customer.replenishmentCycles'],
    ['{"customer":{"marketingCap":"two"}}', 'AFTERCART_POLICY.customer.marketingCap'],
    ['{"customer":{"winBackLoyal":"a while"}}', 'AFTERCART_POLICY.customer.winBackLoyal'],
  ])('stops start-up on AFTERCART_POLICY %s naming %s', (policy, named) => {
    expect(() => loadConfig({ AFTERCART_POLICY: policy })).toThrow(named);
  });

  it('takes replenishment cycles per SKU from AFTERCART_POLICY', () => {
    const config = loadConfig({ AFTERCART_POLICY: '{"customer":{"replenishmentCycles":"SOAP=2 weeks, FILTER=90 days"}}' });
    expect(parseReplenishmentCycles(config.policy.customer.replenishmentCycles)).toEqual({ SOAP: '2 weeks', FILTER: '90 days' });
  });
});

describe('RFM rules', () => {
  it('cuts quintiles by nearest rank and scores against them', () => {
    expect(quintileCutoffs([300, 2, 5, 10, 20, 40, 60, 100, 150, 200])).toEqual([5, 20, 60, 150]);
    expect(quintileCutoffs([7])).toEqual([7, 7, 7, 7]);
    const now = Date.parse('2026-11-23T12:00:00Z');
    const boundaries = { computedAt: '2026-11-23T00:00:00Z', customers: 10, recencyDays: [5, 20, 60, 150], frequency: [1, 2, 3, 5], monetaryMinor: [4000, 8000, 12000, 45000] };
    const facts = { lastOrderAt: '2026-11-13T12:00:00Z', deliveredOrders: 4, monetaryMinor: 10000 };
    expect(scoreRfm(facts, boundaries, now)).toMatchObject({ recency: 4, frequency: 4, monetary: 3, segment: 'loyal' });
    expect(scoreRfm({ deliveredOrders: 0, monetaryMinor: 0 }, boundaries, now).segment).toBe('prospect');
    expect(scoreRfm(facts, undefined, now)).toMatchObject({ segment: 'unscored', why: [expect.stringContaining('not been computed')] });
  });
});

describe('customer facts', () => {
  const delivered = (orderId: string, unitPriceMinor: number): CustomerEvent => ({ type: 'delivered', eventId: `${orderId}:d`, at: '2026-11-01T10:00:00Z', orderId, currency: 'EUR', items: [{ sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor }] });
  const refunded = (orderId: string, amountMinor: number, id: string): CustomerEvent => ({ type: 'refunded', eventId: id, at: '2026-11-02T10:00:00Z', orderId, amountMinor, currency: 'EUR' });

  it('applies a repeated event once and never reverses more points than were earned', () => {
    const book = new CustomerBook(initialState('C1'), customerPolicy);
    expect(book.apply(delivered('A', 10000)).map((e) => e.points)).toEqual([100]);
    expect(book.apply(delivered('A', 10000))).toEqual([]);
    expect(book.apply(refunded('A', 2500, 'r1')).map((e) => e.points)).toEqual([-25]);
    expect(book.apply(refunded('A', 2500, 'r1'))).toEqual([]);
    expect(book.apply(refunded('A', 9000, 'r2')).map((e) => e.points)).toEqual([-75]);
    expect(book.state.loyalty.balance).toBe(0);
    expect(book.facts.monetaryMinor).toBe(0);
    expect(book.refuseRedemption(1, 'x')?.reason).toBe('insufficient_points');
  });

  it('counts a completed return once by its rmaId, also in state carried from a run that knew no returns', () => {
    const returned = (rmaId: string, eventId: string): CustomerEvent => ({ type: 'returned', eventId, at: '2026-11-03T10:00:00Z', orderId: 'A', rmaId, items: [{ sku: 'TEA-EARLGREY', quantity: 2 }], refundedMinor: 1800, currency: 'EUR', resolution: 'refund' });
    const older = initialState('C1');
    delete older.returns;
    const book = new CustomerBook(older, customerPolicy);
    book.apply(delivered('A', 10000));
    expect(book.apply(returned('RMA-1', 'return-RMA-1:returned'))).toEqual([]);
    book.apply(returned('RMA-1', 'another-id'));
    book.apply(returned('RMA-2', 'return-RMA-2:returned'));
    expect(book.facts).toMatchObject({ returns: 2, returnedUnits: 4, lastReturn: { rmaId: 'RMA-2', refundedMinor: 1800 }, refundedMinor: 0, monetaryMinor: 10000 });
    expect(book.state.loyalty.balance).toBe(100);
  });

  it('schedules a replenishment reminder per consumable SKU until the customer buys it again', () => {
    const book = new CustomerBook(initialState('C1'), customerPolicy);
    book.apply({ type: 'consent_changed', eventId: 'c', at: '2026-11-01T00:00:00Z', channels: { email: true }, source: 'storefront' });
    book.apply({ type: 'order_placed', eventId: 'p', at: '2026-11-01T09:00:00Z', orderId: 'A', currency: 'EUR', items: [{ sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor: 900 }, { sku: 'MUG-BLUE', quantity: 1, unitPriceMinor: 1250 }] });
    book.apply(delivered('A', 900));
    expect(pendingOutreach(book, customerPolicy).map((o) => [o.key, o.dueAt])).toEqual([
      ['replenishment:TEA-EARLGREY:A', '2026-12-01T10:00:00.000Z'],
      ['win_back:A', '2026-12-16T09:00:00.000Z'],
    ]);
    book.apply({ type: 'order_placed', eventId: 'p2', at: '2026-11-20T09:00:00Z', orderId: 'B', currency: 'EUR', items: [{ sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor: 900 }] });
    expect(pendingOutreach(book, customerPolicy).map((o) => o.key)).toEqual(['win_back:B']);
  });
});

describe('quiet hours and the cap', () => {
  it('holds marketing in quiet hours across midnight in the customer zone, until the end hour', () => {
    // 22:30 in Berlin (UTC+1 in November): quiet until 08:00 Berlin = 07:00 UTC.
    const at = Date.parse('2026-11-23T21:30:00Z');
    expect(new Date(quietHoursEnd(at, 'Europe/Berlin', 21, 8)!).toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(quietHoursEnd(Date.parse('2026-11-23T11:00:00Z'), 'Europe/Berlin', 21, 8)).toBeUndefined();
    expect(quietHoursEnd(at, 'Europe/Berlin', 8, 8)).toBeUndefined();
  });

  it('defers past the cap until the oldest message in the window leaves it', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const sent = (at: string): ContactLogEntry => ({ key: at, kind: 'win_back', at, status: 'sent' });
    const log = [sent('2026-11-18T12:00:00Z'), sent('2026-11-20T12:00:00Z'), { ...sent('2026-11-21T12:00:00Z'), status: 'cancelled' as const }];
    const gate = sendGate(now, log, customerPolicy, 'UTC');
    expect(gate).toMatchObject({ allowed: false, reason: 'frequency cap: 2 marketing message(s) in the last 7 days' });
    expect(new Date((gate as { until: number }).until).toISOString()).toBe('2026-11-25T12:00:00.001Z');
    expect(sendGate(now, log.slice(1), customerPolicy, 'UTC')).toEqual({ allowed: true });
  });
});
