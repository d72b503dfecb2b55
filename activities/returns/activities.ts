import { Customer, Order, ReturnRequest, StoreCreditEntry } from '../../entities';
import type { Orm } from '../../lib/database';
import type { OrderInput } from '../../workflows/order/messages';
import type { Address, LineItem } from '../../workflows/shared/types';
import type { Partners } from '../adapters/partners';
import { creditFromPayment, type StoreCreditResult } from '../payments/store-credit';

export interface StoreCreditRequest {
  idempotencyKey: string;
  workflowId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  /** The order's captured payment the credit draws on (unset for returns started before credit was capped). */
  orderId?: string;
  paymentId?: string;
  capturedMinor?: number;
}

export interface ReturnLabel {
  carrier: string;
  trackingNumber: string;
  labelUrl: string;
}

/** The return lifecycle's own steps: the label, the warehouse's pre-notice, store credit, the exchange order, its projection. */
export function createReturnActivities({ orm, partners }: { orm: Orm; partners: Partners }) {
  return {
    /** A prepaid label from the carrier adapter, once per key. In sandbox mode a recognisable stand-in. */
    async createReturnLabel(request: { idempotencyKey: string; workflowId: string; rmaId: string; orderId: string; fromCountry: string; items: LineItem[] }): Promise<ReturnLabel> {
      const result = await partners.createReturnLabel(request.idempotencyKey, request.workflowId, request);
      const answer = result.response;
      if (result.status === 'sandbox' || typeof answer.tracking_number !== 'string') {
        const trackingNumber = `RT${request.rmaId.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 40);
        return { carrier: 'sandbox', trackingNumber, labelUrl: `sandbox://return-labels/${trackingNumber}` };
      }
      return { carrier: String(answer.carrier ?? 'unknown').toLowerCase(), trackingNumber: answer.tracking_number, labelUrl: String(answer.label_url ?? '') };
    },

    /** Tells the warehouse which units are coming back, on which tracking number. */
    async preNotifyWarehouse(request: { idempotencyKey: string; workflowId: string; rmaId: string; orderId: string; items: LineItem[]; carrier: string; trackingNumber: string }): Promise<void> {
      await partners.tellWarehouse(request.idempotencyKey, request.workflowId, request.orderId, 'return-notice', {
        rma_id: request.rmaId,
        items: request.items,
        carrier: request.carrier,
        tracking_number: request.trackingNumber,
      });
    },

    /**
     * Credit on the customer's store-credit ledger, once per key. With the order's payment (returns since store
     * credit counts against it) it draws on the refunds ledger like a refund, capped at what is left of the
     * capture; returns started before that credit the amount asked. Answers what was credited and the balance.
     */
    async grantStoreCredit(request: StoreCreditRequest): Promise<StoreCreditResult> {
      if (request.paymentId && request.orderId) return creditFromPayment(orm, { ...request, paymentId: request.paymentId, orderId: request.orderId, reason: 'store_credit' });
      const em = orm.em.fork();
      await em.upsert(
        StoreCreditEntry,
        { idempotencyKey: request.idempotencyKey, customerId: request.customerId, amountMinor: request.amountMinor, currency: request.currency, reference: request.workflowId, createdAt: new Date() },
        { onConflictFields: ['idempotencyKey'], onConflictAction: 'ignore' },
      );
      const rows = await em.find(StoreCreditEntry, { customerId: request.customerId, currency: request.currency });
      return { status: 'credited', amountMinor: request.amountMinor, balanceMinor: rows.reduce((sum, row) => sum + row.amountMinor, 0) };
    },

    /**
     * The replacement order of an exchange: the same customer and address as the original, the new sku at the
     * same price, nothing captured (the returned units pay for it).
     */
    async exchangeOrderInput(request: { rmaId: string; orderId: string; exchangeOrderId: string; sku: string; quantity: number; unitPriceMinor: number; policy: OrderInput['policy'] }): Promise<OrderInput> {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { id: request.orderId });
      const customer = await em.findOneOrFail(Customer, { id: order.customerId });
      return {
        orderId: request.exchangeOrderId,
        customer: { id: customer.id, email: customer.email, phone: customer.phone, locale: customer.locale, channel: customer.preferredChannel },
        currency: order.currency,
        items: [{ sku: request.sku, quantity: request.quantity, unitPriceMinor: request.unitPriceMinor }],
        shippingAddress: order.shippingAddress as unknown as Address,
        requiresSignature: order.requiresSignature,
        payment: { paymentId: `exchange-${request.rmaId}`, capturedMinor: 0 },
        placedAt: new Date().toISOString(),
        policy: request.policy,
      };
    },

    /** Keeps the request's row in step with the workflow; a projection arriving late never overwrites a newer one. */
    async projectReturn(update: { rmaId: string; version: number; status: string; view: Record<string, unknown> }): Promise<void> {
      await orm.em.fork().nativeUpdate(
        ReturnRequest,
        { rmaId: update.rmaId, projectionVersion: { $lt: update.version } },
        { status: update.status, view: update.view, projectionVersion: update.version },
      );
    },
  };
}
