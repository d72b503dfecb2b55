import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';

/**
 * The append-only loyalty ledger: one row per earn (delivery), proportional reversal (refund) and redemption,
 * written by the customer workflow under a key derived from its id and the fact, so a retry never adds a row.
 * A customer's balance is the sum of their rows.
 */
export class LoyaltyLedgerEntry {
  [OptionalProps]?: 'createdAt';
  id!: number;
  idempotencyKey!: string;
  customerId!: string;
  kind!: 'earn' | 'reverse' | 'redeem';
  /** Signed: earned points are positive, reversals and redemptions negative. */
  points!: number;
  orderId?: string;
  occurredAt!: Date;
  createdAt: Date = new Date();
}

/** One computation of the RFM quintile boundaries (the daily schedule); the newest is current. */
export class RfmBoundariesRecord {
  [OptionalProps]?: 'createdAt';
  id!: number;
  computedAt!: Date;
  customers!: number;
  recencyDays!: number[];
  frequency!: number[];
  monetaryMinor!: number[];
  createdAt: Date = new Date();
}

import { JsonColumn } from './json-column';

export const LoyaltyLedgerEntrySchema = new EntitySchema<LoyaltyLedgerEntry>({
  class: LoyaltyLedgerEntry,
  tableName: 'loyalty_ledger',
  indexes: [{ properties: ['customerId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    idempotencyKey: { type: 'string', length: 191, unique: true },
    customerId: { type: 'string', length: 64 },
    kind: { type: 'string', length: 16 },
    points: { type: new BigIntType('number') },
    orderId: { type: 'string', length: 64, nullable: true },
    occurredAt: { type: 'datetime', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
  },
});

export const RfmBoundariesSchema = new EntitySchema<RfmBoundariesRecord>({
  class: RfmBoundariesRecord,
  tableName: 'rfm_boundaries',
  indexes: [{ properties: ['computedAt'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    computedAt: { type: 'datetime', length: 3 },
    customers: { type: 'integer' },
    recencyDays: { type: JsonColumn },
    frequency: { type: JsonColumn },
    monetaryMinor: { type: JsonColumn },
    createdAt: { type: 'datetime', length: 3 },
  },
});
