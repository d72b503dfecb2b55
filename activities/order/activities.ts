import type { Orm } from '../../lib/database';
import { Customer, Order, OrderItem, Payment } from '../../entities';
import type { JourneyStage, OrderInput } from '../../workflows/order/messages';
import type { Address } from '../../workflows/shared/types';
import type { Partners } from '../adapters/partners';

export function createOrderActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    /** Records the order, its items, its payment and the customer's contact details. Safe to repeat. */
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
        // The refunds ledger knows the payment from the start (refunds also create it for older journeys).
        await tx.upsert(
          Payment,
          { paymentId: input.payment.paymentId, orderId: input.orderId, capturedMinor: input.payment.capturedMinor, currency: input.currency, createdAt: new Date() },
          { onConflictFields: ['paymentId'], onConflictAction: 'ignore' },
        );
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
        for (const item of input.items) tx.create(OrderItem, { order, sku: item.sku, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, returnable: item.returnable ?? true });
      });
    },

    /**
     * Keeps the MySQL projection's stage and address in step with the journey, for lists and reports.
     * `version` grows with every projection the journey sends, so one that arrives late never overwrites a newer one.
     */
    async projectOrder(update: { orderId: string; version: number; stage: JourneyStage; shippingAddress: Address }): Promise<void> {
      await orm.em.fork().nativeUpdate(
        Order,
        { id: update.orderId, projectionVersion: { $lt: update.version } },
        { stage: update.stage, shippingAddress: { ...update.shippingAddress }, projectionVersion: update.version },
      );
    },

    async sendAddressToWarehouse(request: { idempotencyKey: string; workflowId: string; orderId: string; address: Address }): Promise<void> {
      await partners.tellWarehouse(request.idempotencyKey, request.workflowId, request.orderId, 'shipping-address', { address: request.address });
    },
  };
}
