import type { LineItem } from '../../workflows/shared/types';
import type { Partners } from '../adapters/partners';

/** Asks the warehouse to move goods for an order (replacements; returns will add receiving). */
export function createWarehouseActivities({ partners }: { partners: Partners }) {
  return {
    async reshipParcel(request: { idempotencyKey: string; workflowId: string; orderId: string; shipmentId: string; items: LineItem[]; reason: string }): Promise<void> {
      await partners.tellWarehouse(request.idempotencyKey, request.workflowId, request.orderId, 'reship', { replaces: request.shipmentId, items: request.items, reason: request.reason });
    },
  };
}
