import { describe, expect, it } from 'vitest';
import { exchangeIneligibilities } from '../../activities/returns/eligibility';
import { productionPolicy } from '../../workflows/policy';
import type { ReturnInput } from '../../workflows/returns/messages';
import { refundBreakdown } from '../../workflows/returns/refund-breakdown';

const orderLines = [
  { sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250, returnable: true },
  { sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor: 899, returnable: true },
];
const exchangeFor = (stock?: { unitPriceMinor?: number; currency?: string; available: number }, lines = [{ sku: 'MUG-BLUE', quantity: 2 }]) =>
  exchangeIneligibilities(lines, orderLines, { sku: 'MUG-GREEN', orderCurrency: 'EUR', stock });

describe('an exchange at request time (plain rules)', () => {
  it('needs a stock record with a price in the order’s currency equal to each returned unit’s, and stock for every unit', () => {
    expect(exchangeFor({ unitPriceMinor: 1250, currency: 'EUR', available: 2 })).toEqual([]);
    expect(exchangeFor(undefined)).toEqual([{ reason: 'exchange_sku_unknown', exchangeSku: 'MUG-GREEN' }]);
    expect(exchangeFor({ available: 5 })).toEqual([{ reason: 'exchange_price_unknown', exchangeSku: 'MUG-GREEN' }]);
    expect(exchangeFor({ unitPriceMinor: 1250, currency: 'EUR', available: 1 })).toEqual([{ reason: 'exchange_out_of_stock', exchangeSku: 'MUG-GREEN', requested: 2, available: 1 }]);
    // Every returned line is compared: the tea cost less than the green mug.
    expect(exchangeFor({ unitPriceMinor: 1250, currency: 'EUR', available: 9 }, [{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'TEA-EARLGREY', quantity: 1 }])).toEqual([
      { reason: 'exchange_price_differs', exchangeSku: 'MUG-GREEN', sku: 'TEA-EARLGREY', returnedUnitPriceMinor: 899, exchangeUnitPriceMinor: 1250, currency: 'EUR', exchangeCurrency: 'EUR' },
    ]);
    expect(exchangeFor({ unitPriceMinor: 1250, currency: 'GBP', available: 0 }).map((r) => r.reason)).toEqual(['exchange_price_differs', 'exchange_out_of_stock']);
  });
});

describe('the refund breakdown (plain rules)', () => {
  const input = {
    currency: 'EUR',
    shippingMinor: 500,
    lines: [{ sku: 'MUG-BLUE', quantity: 2, reason: 'wrong_item', unitPriceMinor: 1250 }],
    policy: { returns: productionPolicy.returns },
  } as unknown as ReturnInput;

  it('leaves shipping out of money moved before inspection, and owes it once the units are found', () => {
    expect(refundBreakdown(input, undefined, { shipping: false })).toMatchObject({ basis: 'requested', shippingMinor: 0, totalMinor: 2500 });
    expect(refundBreakdown(input, new Map([['MUG-BLUE', { resellable: 2 }]]))).toMatchObject({ basis: 'inspected', shippingMinor: 500, totalMinor: 3000 });
    expect(refundBreakdown(input, new Map([['MUG-BLUE', { missing: 2 }]]))).toMatchObject({ shippingMinor: 0, totalMinor: 0 });
  });
});
