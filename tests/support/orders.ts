import { uniqueId } from './ids';

/** A valid POST /v1/orders body: two lines, a captured payment, shipping to Germany (tests and benchmarks). */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    orderId: uniqueId('ord'),
    customer: { id: uniqueId('cus'), email: 'ada@example.com', locale: 'en', channel: 'email' as const },
    currency: 'EUR',
    items: [
      { sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250 },
      { sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor: 899 },
    ],
    shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
    originCountry: 'DE',
    payment: { paymentId: uniqueId('pi'), capturedMinor: 3399 },
    ...overrides,
  };
}
