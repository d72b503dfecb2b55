import type { LineItem } from '../../workflows/shared/types';
import type { Partners } from '../adapters/partners';

/** Stock held for an order or taken back (cancellations, returns). */
export function createInventoryActivities({ partners }: { partners: Partners }) {
  return {
    async releaseStock(request: { idempotencyKey: string; workflowId: string; orderId: string; items: LineItem[] }): Promise<void> {
      await partners.releaseReservation(request.idempotencyKey, request.workflowId, request.orderId, request.items);
    },
  };
}
