import type { Orm } from '../../lib/database';
import { Customer, Order, OrderItem } from '../../entities';
import type { JourneyStage, OrderInput } from '../../workflows/order/messages';
import type { Partners } from '../adapters/partners';

export function createOrderActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    /** Records the order, its items and the customer's contact details. Safe to repeat. */
    async recordOrder(input: OrderInput): Promise<void> {
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        await tx.upsert(Customer, {
          id: input.customer.id,
          email: input.customer.email,
          phone: input.customer.phone,
          locale: input.customer.locale,
          preferredChannel: input.customer.channel,
          consent: {},
          loyaltyBalance: 0,
          createdAt: new Date(),
          updatedAt: new Date(),
        }, { onConflictFields: ['id'], onConflictMergeFields: ['email', 'phone', 'locale', 'preferredChannel', 'updatedAt'] });
        if (await tx.findOne(Order, { id: input.orderId })) return;
        const order = tx.create(Order, {
          id: input.orderId,
          customerId: input.customer.id,
          currency: input.currency,
          totalMinor: input.items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0),
          destinationCountry: input.shippingAddress.country,
          stage: 'confirmed',
          requiresSignature: input.requiresSignature,
          shippingAddress: { ...input.shippingAddress },
        });
        for (const item of input.items) tx.create(OrderItem, { order, ...item });
      });
    },

    /**
     * Keeps the MySQL projection's stage and address in step with the journey, for lists and reports.
     * `version` grows with every projection the journey sends, so one that arrives late never overwrites a newer one.
     */
    async projectOrder(update: { orderId: string; version: number; stage: JourneyStage; shippingAddress: OrderInput['shippingAddress'] }): Promise<void> {
      await orm.em.fork().nativeUpdate(
        Order,
        { id: update.orderId, projectionVersion: { $lt: update.version } },
        { stage: update.stage, shippingAddress: { ...update.shippingAddress }, projectionVersion: update.version },
      );
    },

    async refundPayment(request: { idempotencyKey: string; workflowId: string; orderId: string; paymentId: string; amountMinor: number; currency: string; reason: string }): Promise<{ refundId: string }> {
      const result = await partners.refund(request.idempotencyKey, request.workflowId, request);
      return { refundId: String(result.response.id ?? `sandbox:${request.idempotencyKey}`) };
    },

    async releaseStock(request: { idempotencyKey: string; workflowId: string; orderId: string; items: { sku: string; quantity: number }[] }): Promise<void> {
      await partners.releaseReservation(request.idempotencyKey, request.workflowId, request.orderId, request.items);
    },

    async sendAddressToWarehouse(request: { idempotencyKey: string; workflowId: string; orderId: string; address: OrderInput['shippingAddress'] }): Promise<void> {
      await partners.tellWarehouse(request.idempotencyKey, request.workflowId, request.orderId, 'shipping-address', { address: request.address });
    },

    async reshipParcel(request: { idempotencyKey: string; workflowId: string; orderId: string; shipmentId: string; items: { sku: string; quantity: number }[]; reason: string }): Promise<void> {
      await partners.tellWarehouse(request.idempotencyKey, request.workflowId, request.orderId, 'reship', { replaces: request.shipmentId, items: request.items, reason: request.reason });
    },

    async alertOperators(request: { idempotencyKey: string; workflowId: string; kind: string; summary: string; severity: 'warning' | 'critical' }): Promise<void> {
      await partners.alert(request.idempotencyKey, request.workflowId, request);
    },
  };
}
