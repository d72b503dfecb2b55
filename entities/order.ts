import { JsonColumn } from './json-column';
import { BigIntType, Collection, EntitySchema, OptionalProps } from '@mikro-orm/core';

/** Projection of an order journey for lists and reports; the workflow owns the process state. */
export class Order {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'items' | 'projectionVersion';
  id!: string;
  customerId!: string;
  currency!: string;
  totalMinor!: number;
  destinationCountry!: string;
  stage!: string;
  requiresSignature!: boolean;
  shippingAddress!: Record<string, unknown>;
  /** Highest journey revision written; an older projection arriving late is ignored. */
  projectionVersion: number = 0;
  items = new Collection<OrderItem>(this);
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export class OrderItem {
  [OptionalProps]?: 'returnable';
  id!: number;
  order!: Order;
  sku!: string;
  quantity!: number;
  unitPriceMinor!: number;
  /** False for final-sale lines: a return request for them is refused (item_not_returnable). */
  returnable: boolean = true;
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  properties: {
    id: { type: 'string', primary: true, length: 64 },
    customerId: { type: 'string', length: 64, index: true },
    currency: { type: 'string', length: 3 },
    // BIGINT: an order above 2^31 minor units (21 million in a two-decimal currency) is a normal B2B order.
    totalMinor: { type: new BigIntType('number') },
    destinationCountry: { type: 'string', length: 2 },
    stage: { type: 'string', length: 32, index: true },
    requiresSignature: { type: 'boolean', default: false },
    shippingAddress: { type: JsonColumn },
    projectionVersion: { type: 'integer', default: 0 },
    items: { kind: '1:m', entity: () => OrderItem, mappedBy: 'order' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});

export const OrderItemSchema = new EntitySchema<OrderItem>({
  class: OrderItem,
  tableName: 'order_items',
  uniques: [{ properties: ['order', 'sku'] }],
  indexes: [{ properties: ['sku'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade' },
    sku: { type: 'string', length: 64 },
    quantity: { type: 'integer' },
    unitPriceMinor: { type: new BigIntType('number') },
    returnable: { type: 'boolean', default: true },
  },
});
