import { Customer, Order, OrderItem } from '../../entities';
import type { Harness } from '../support/harness';
import { uniqueId } from '../support/harness';

/** Order rows straight into MySQL (other customers' purchase history), for co-purchase counts and best sellers. */
export async function seedOrders(h: Harness, orders: { customerId?: string; items: [sku: string, quantity: number][]; createdAt?: Date }[]): Promise<string[]> {
  const em = h.orm.em.fork();
  const ids: string[] = [];
  for (const seeded of orders) {
    const order = em.create(Order, {
      id: uniqueId('seed'),
      customerId: seeded.customerId ?? uniqueId('cus'),
      currency: 'EUR',
      totalMinor: seeded.items.reduce((sum, [, quantity]) => sum + quantity * 500, 0),
      destinationCountry: 'DE',
      stage: 'delivered',
      requiresSignature: false,
      shippingAddress: { name: 'Seed', line1: 'Street 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
      createdAt: seeded.createdAt ?? new Date(),
    });
    for (const [sku, quantity] of seeded.items) em.create(OrderItem, { order, sku, quantity, unitPriceMinor: 500 });
    ids.push(order.id);
  }
  await em.flush();
  return ids;
}

/** A customer row with contact details, as the order journey writes it. */
export async function seedCustomer(h: Harness, customerId: string, email = `${customerId}@example.com`): Promise<void> {
  const em = h.orm.em.fork();
  em.create(Customer, { id: customerId, email, locale: 'en', preferredChannel: 'email' });
  await em.flush();
}
