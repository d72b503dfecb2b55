import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../../api/webhooks/normalize';
import { fitSearchAttributeList, limits } from '../../workflows/shared/limits';
import { Journey } from '../../workflows/order/journey';
import type { FulfillmentEvent, OrderInput } from '../../workflows/order/messages';
import { orderBody } from '../support/orders';

/** Rules behind the caps, as plain code (the integration tests in this folder drive them over HTTP). */

const parcel = (n: number) => ({ carrier: 'dhl', trackingNumber: `JD${String(n).padStart(38, '0')}`, items: [{ sku: 'MUG-BLUE', quantity: 1 }] });
const shipped = (eventId: string, from: number, count: number): FulfillmentEvent =>
  ({ eventId, type: 'shipped', occurredAt: '2026-11-23T10:00:00Z', parcels: Array.from({ length: count }, (_, i) => parcel(from + i)) }) as FulfillmentEvent;

describe('parcels per order', () => {
  it(`ships up to ${limits.parcelsPerOrder} parcels over several events and refuses the next one with a reason`, () => {
    const body = orderBody({ items: [{ sku: 'MUG-BLUE', quantity: 500, unitPriceMinor: 100 }] });
    const journey = new Journey({ ...body, placedAt: body.customer.id, requiresSignature: false, policy: {} } as unknown as OrderInput);
    for (let start = 0; start < limits.parcelsPerOrder; start += limits.parcelsPerEvent) {
      const event = shipped(`wms-${start}`, start, limits.parcelsPerEvent);
      expect(journey.refuseFulfillment(event)).toBeUndefined();
      journey.applyFulfillment(event);
    }
    expect(journey.view.parcels).toHaveLength(limits.parcelsPerOrder);
    const refusal = journey.refuseFulfillment(shipped('wms-last', limits.parcelsPerOrder, 1));
    expect(refusal?.type).toBe('too_many_parcels');
    expect(refusal?.message).toContain(`at most ${limits.parcelsPerOrder} parcels`);
    // A repeat of an event already applied is still answered as a duplicate, not refused.
    expect(journey.refuseFulfillment(shipped('wms-0', 0, limits.parcelsPerEvent))).toBeUndefined();
  });
});

describe('search attribute lists', () => {
  it(`keep the first values whose JSON fits ${limits.searchAttributeValueBytes} bytes, in order, and short lists whole`, () => {
    const numbers = Array.from({ length: 100 }, (_, i) => parcel(i).trackingNumber);
    const kept = fitSearchAttributeList(numbers);
    expect(kept).toEqual(numbers.slice(0, kept.length));
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(limits.searchAttributeValueBytes);
    expect(Buffer.byteLength(JSON.stringify(numbers.slice(0, kept.length + 1)))).toBeGreaterThan(limits.searchAttributeValueBytes);
    expect(fitSearchAttributeList(['dhl', 'ups'])).toEqual(['dhl', 'ups']);
    expect(fitSearchAttributeList([])).toEqual([]);
    // Multi-byte characters count as bytes, as Temporal counts them.
    const wide = fitSearchAttributeList(Array.from({ length: 100 }, () => 'ü'.repeat(20)), 200);
    expect(Buffer.byteLength(JSON.stringify(wide))).toBeLessThanOrEqual(200);
    expect(wide.length).toBe(4);
  });
});

describe('webhook body depth', () => {
  it('is counted on the text, strings and escapes aside, without recursion', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{\\"[[["}')).toBe(1);
    expect(jsonDepth('"plain"')).toBe(0);
    expect(jsonDepth('['.repeat(1_000_000))).toBe(1_000_000);
  });
});
