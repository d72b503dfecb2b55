import type { Orm } from '../../lib/database';
import type { LineItem } from '../../workflows/shared/types';
import type { Partners } from '../adapters/partners';
import { moveStock, type StockMovement } from './stock';

/** Stock held for an order or taken back (cancellations, returns, exchanges). */
export function createInventoryActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    async releaseStock(request: { idempotencyKey: string; workflowId: string; orderId: string; items: LineItem[] }): Promise<void> {
      await partners.releaseReservation(request.idempotencyKey, request.workflowId, request.orderId, request.items);
    },

    /** One stock movement through the append-only inventory ledger, once per key (see stock.ts). */
    async moveStock(movement: StockMovement): Promise<{ replenishmentSeq?: number }> {
      return moveStock(orm, partners, movement);
    },
  };
}
