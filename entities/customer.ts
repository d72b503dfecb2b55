import { JsonColumn } from './json-column';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

export type Channel = 'email' | 'sms' | 'push';

export class Customer {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'locale' | 'preferredChannel' | 'consent' | 'loyaltyBalance';
  id!: string;
  email?: string;
  phone?: string;
  locale: string = 'en';
  preferredChannel: Channel = 'email';
  /** Marketing consent per channel; transactional messages do not need it. */
  consent: Partial<Record<Channel, boolean>> = {};
  segment?: string;
  loyaltyBalance: number = 0;
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
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
