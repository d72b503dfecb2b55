import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';

/**
 * Stock of one sku. The merchant's systems set on hand and the reorder settings (PUT /v1/inventory/{sku});
 * returns and exchanges move it through the ledger. `replenishmentOpen` is set when available stock reaches the
 * reorder point and one replenishment request goes out; it is cleared once stock is above the point again, so
 * the next fall sends the next request, never one per return.
 */
export class StockLevel {
  [OptionalProps]?: 'onHand' | 'reserved' | 'expectedInbound' | 'reorderPoint' | 'reorderQuantity' | 'replenishmentOpen' | 'replenishmentSeq' | 'unitPriceMinor' | 'currency' | 'updatedAt';
  sku!: string;
  onHand: number = 0;
  reserved: number = 0;
  /** Units on their way back in open returns. */
  expectedInbound: number = 0;
  reorderPoint: number = 0;
  reorderQuantity: number = 0;
  replenishmentOpen: boolean = false;
  /** How many replenishment requests this sku has sent; the n-th carries the key `replenish:<sku>:<n>`. */
  replenishmentSeq: number = 0;
  /** The merchant's unit price (minor units, in `currency`), when its systems told us: exchanges are checked against it. */
  unitPriceMinor?: number;
  currency?: string;
  updatedAt: Date = new Date();
}

export type InventoryMovement = 'expected_inbound' | 'inbound_cancelled' | 'restocked' | 'written_off' | 'missing' | 'reserved' | 'set_by_merchant';

/** Append-only: every stock movement, once per idempotency key. */
export class InventoryLedgerEntry {
  [OptionalProps]?: 'createdAt';
  id!: number;
  idempotencyKey!: string;
  sku!: string;
  kind!: InventoryMovement;
  quantity!: number;
  /** The workflow or request that moved it (return-..., order-..., a merchant's PUT). */
  reference!: string;
  /** The replenishment request this movement triggered, if it did. */
  replenishmentSeq?: number;
  createdAt: Date = new Date();
}

export const StockLevelSchema = new EntitySchema<StockLevel>({
  class: StockLevel,
  tableName: 'stock_levels',
  properties: {
    sku: { type: 'string', length: 64, primary: true },
    onHand: { type: 'integer', default: 0 },
    reserved: { type: 'integer', default: 0 },
    expectedInbound: { type: 'integer', default: 0 },
    reorderPoint: { type: 'integer', default: 0 },
    reorderQuantity: { type: 'integer', default: 0 },
    replenishmentOpen: { type: 'boolean', default: false },
    replenishmentSeq: { type: 'integer', default: 0 },
    unitPriceMinor: { type: new BigIntType('number'), nullable: true },
    currency: { type: 'string', length: 3, nullable: true },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});

export const InventoryLedgerEntrySchema = new EntitySchema<InventoryLedgerEntry>({
  class: InventoryLedgerEntry,
  tableName: 'inventory_ledger',
  indexes: [{ properties: ['sku'] }, { properties: ['reference'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    idempotencyKey: { type: 'string', length: 191, unique: true },
    sku: { type: 'string', length: 64 },
    kind: { type: 'string', length: 24 },
    quantity: { type: 'integer' },
    reference: { type: 'string', length: 191 },
    replenishmentSeq: { type: 'integer', nullable: true },
    createdAt: { type: 'datetime', length: 3 },
  },
});
