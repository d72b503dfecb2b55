import { JsonColumn } from './json-column';
import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';

export type Channel = 'email' | 'sms' | 'push';

/**
 * The customer's contact details (written by the order journey) and the projection of their entity workflow,
 * `customer-<id>` (facts, RFM, loyalty, consent), for lists, reports and the daily RFM boundaries.
 */
export class Customer {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'locale' | 'preferredChannel' | 'consent' | 'loyaltyBalance' | 'deliveredOrders' | 'monetaryMinor' | 'projectionVersion';
  id!: string;
  email?: string;
  phone?: string;
  locale: string = 'en';
  preferredChannel: Channel = 'email';
  /** Marketing consent per channel; transactional messages do not need it. */
  consent: Partial<Record<Channel, boolean>> = {};
  segment?: string;
  loyaltyBalance: number = 0;
  loyaltyTier?: string;
  lastOrderAt?: Date;
  deliveredOrders: number = 0;
  /** Delivered minus refunded, minor units. */
  monetaryMinor: number = 0;
  rfmScores?: string;
  timeZone?: string;
  erasedAt?: Date;
  /** Highest workflow revision written; an older projection arriving late is ignored. */
  projectionVersion: number = 0;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customers',
  properties: {
    id: { type: 'string', primary: true, length: 64 },
    email: { type: 'string', length: 254, nullable: true },
    phone: { type: 'string', length: 32, nullable: true },
    locale: { type: 'string', length: 16 },
    preferredChannel: { type: 'string', length: 8 },
    consent: { type: JsonColumn },
    segment: { type: 'string', length: 32, nullable: true },
    loyaltyBalance: { type: 'integer', default: 0 },
    loyaltyTier: { type: 'string', length: 16, nullable: true },
    lastOrderAt: { type: 'datetime', length: 3, nullable: true },
    deliveredOrders: { type: 'integer', default: 0 },
    monetaryMinor: { type: new BigIntType('number'), default: 0 },
    rfmScores: { type: 'string', length: 8, nullable: true },
    timeZone: { type: 'string', length: 64, nullable: true },
    erasedAt: { type: 'datetime', length: 3, nullable: true },
    projectionVersion: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
