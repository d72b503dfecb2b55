import { LockMode } from '@mikro-orm/core';
import { InventoryLedgerEntry, StockLevel, type InventoryMovement } from '../../entities';
import type { Orm } from '../../lib/database';
import type { Partners } from '../adapters/partners';

export interface StockMovement {
  /** Derived from the workflow and step: the same movement always carries the same key. */
  idempotencyKey: string;
  workflowId: string;
  sku: string;
  kind: Exclude<InventoryMovement, 'set_by_merchant'>;
  quantity: number;
}

/** How each movement changes a sku's stock. */
const effects: Record<StockMovement['kind'], (stock: StockLevel, quantity: number) => void> = {
  expected_inbound: (stock, q) => (stock.expectedInbound += q),
  inbound_cancelled: (stock, q) => (stock.expectedInbound = Math.max(0, stock.expectedInbound - q)),
  restocked: (stock, q) => {
    stock.onHand += q;
    stock.expectedInbound = Math.max(0, stock.expectedInbound - q);
  },
  written_off: (stock, q) => (stock.expectedInbound = Math.max(0, stock.expectedInbound - q)),
  missing: (stock, q) => (stock.expectedInbound = Math.max(0, stock.expectedInbound - q)),
  reserved: (stock, q) => (stock.reserved += q),
};

/**
 * Moves stock once per key: the ledger entry and the new level are written in one transaction under the sku's
 * row lock. When available stock (on hand minus reserved) reaches the reorder point and no replenishment is open,
 * the movement opens one and remembers its number, so a retry after a crash sends that same request (same key)
 * and never a second one.
 */
export async function moveStock(orm: Orm, partners: Partners, movement: StockMovement): Promise<{ replenishmentSeq?: number }> {
  await orm.em.fork().upsert(StockLevel, { sku: movement.sku, updatedAt: new Date() }, { onConflictFields: ['sku'], onConflictAction: 'ignore' });
  const outcome = await orm.em.fork().transactional(async (em) => {
    const stock = await em.findOneOrFail(StockLevel, { sku: movement.sku }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const existing = await em.findOne(InventoryLedgerEntry, { idempotencyKey: movement.idempotencyKey });
    if (existing) return { stock, replenishmentSeq: existing.replenishmentSeq ?? undefined };
    effects[movement.kind](stock, movement.quantity);
    // Only movements of what is available (on hand, reserved) can leave a sku at its reorder point.
    const replenishmentSeq = movement.kind === 'restocked' || movement.kind === 'reserved' ? reassess(stock) : undefined;
    em.create(InventoryLedgerEntry, { idempotencyKey: movement.idempotencyKey, sku: movement.sku, kind: movement.kind, quantity: movement.quantity, reference: movement.workflowId, replenishmentSeq });
    return { stock, replenishmentSeq };
  });
  if (outcome.replenishmentSeq !== undefined) {
    const { stock, replenishmentSeq } = outcome;
    await partners.requestReplenishment(`replenish:${stock.sku}:${replenishmentSeq}`, movement.workflowId, {
      sku: stock.sku,
      quantity: Math.max(stock.reorderQuantity, 1),
      available: stock.onHand - stock.reserved,
      reorderPoint: stock.reorderPoint,
    });
  }
  return { replenishmentSeq: outcome.replenishmentSeq };
}

/**
 * Opens a replenishment when available stock is at or below the reorder point (returns its number), and closes
 * the open one once stock is above the point again.
 */
function reassess(stock: StockLevel): number | undefined {
  const available = stock.onHand - stock.reserved;
  if (available > stock.reorderPoint) {
    stock.replenishmentOpen = false;
    return undefined;
  }
  if (stock.reorderPoint <= 0 || stock.replenishmentOpen) return undefined;
  stock.replenishmentOpen = true;
  stock.replenishmentSeq += 1;
  return stock.replenishmentSeq;
}

export interface StockSetting {
  sku: string;
  onHand: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** The merchant's unit price and its currency (both or neither); omitted, the price on record stays. */
  unitPriceMinor?: number;
  currency?: string;
  /** The merchant's request key: the same key is applied once. */
  idempotencyKey: string;
  by: string;
}

/**
 * The merchant's systems are the source of on-hand and reorder settings. Setting them is recorded in the ledger
 * (the difference in on hand); it closes an open replenishment once stock is above the point, and never sends one
 * itself (the merchant just told us what it has).
 */
export async function setStockLevel(orm: Orm, setting: StockSetting): Promise<StockLevel> {
  await orm.em.fork().upsert(StockLevel, { sku: setting.sku, updatedAt: new Date() }, { onConflictFields: ['sku'], onConflictAction: 'ignore' });
  return orm.em.fork().transactional(async (em) => {
    const stock = await em.findOneOrFail(StockLevel, { sku: setting.sku }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (await em.findOne(InventoryLedgerEntry, { idempotencyKey: setting.idempotencyKey })) return stock;
    em.create(InventoryLedgerEntry, { idempotencyKey: setting.idempotencyKey, sku: setting.sku, kind: 'set_by_merchant', quantity: setting.onHand - stock.onHand, reference: setting.by });
    Object.assign(stock, { onHand: setting.onHand, reorderPoint: setting.reorderPoint, reorderQuantity: setting.reorderQuantity });
    if (setting.unitPriceMinor !== undefined && setting.currency) Object.assign(stock, { unitPriceMinor: setting.unitPriceMinor, currency: setting.currency });
    if (stock.onHand - stock.reserved > stock.reorderPoint) stock.replenishmentOpen = false;
    return stock;
  });
}
