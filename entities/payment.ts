import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';

/**
 * A captured payment: the money every refund of an order draws on, whichever lifecycle asks (cancellation,
 * a parcel that did not arrive, a return). It outlives the order journey.
 */
export class Payment {
  [OptionalProps]?: 'createdAt';
  paymentId!: string;
  orderId!: string;
  capturedMinor!: number;
  currency!: string;
  createdAt: Date = new Date();
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/** How money went back: through the payments partner, or as store credit (which counts against the payment too). */
export type RefundMethod = 'payment' | 'store_credit';

/**
 * The append-only refunds ledger. A row is written (pending) under the payment's row lock before the payments
 * partner is asked, so pending and succeeded rows together never exceed the captured amount; the same
 * idempotency key never makes a second row. The outcome is recorded on the row: succeeded with the partner's
 * refund id, or failed with the partner's reason (a failed row no longer counts against the payment). Store
 * credit granted instead of a refund is a row too (method `store_credit`, succeeded at once), so credit and cash
 * refunds of an order together never exceed what was captured.
 */
export class Refund {
  [OptionalProps]?: 'createdAt' | 'status' | 'method';
  id!: number;
  idempotencyKey!: string;
  paymentId!: string;
  orderId!: string;
  amountMinor!: number;
  currency!: string;
  reason!: string;
  status: RefundStatus = 'pending';
  method: RefundMethod = 'payment';
  providerRefundId?: string;
  failureReason?: string;
  /** The workflow that asked for the refund (order-..., return-...). */
  requestedBy!: string;
  createdAt: Date = new Date();
  completedAt?: Date;
}

export const PaymentSchema = new EntitySchema<Payment>({
  class: Payment,
  tableName: 'payments',
  properties: {
    paymentId: { type: 'string', length: 128, primary: true },
    orderId: { type: 'string', length: 64, index: true },
    capturedMinor: { type: new BigIntType('number') },
    currency: { type: 'string', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
  },
});

export const RefundSchema = new EntitySchema<Refund>({
  class: Refund,
  tableName: 'refunds',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    idempotencyKey: { type: 'string', length: 191, unique: true },
    paymentId: { type: 'string', length: 128, index: true },
    orderId: { type: 'string', length: 64, index: true },
    amountMinor: { type: new BigIntType('number') },
    currency: { type: 'string', length: 3 },
    reason: { type: 'string', length: 64 },
    status: { type: 'string', length: 16 },
    method: { type: 'string', length: 16, default: 'payment' },
    providerRefundId: { type: 'string', length: 191, nullable: true },
    failureReason: { type: 'string', length: 500, nullable: true },
    requestedBy: { type: 'string', length: 191 },
    createdAt: { type: 'datetime', length: 3 },
    completedAt: { type: 'datetime', length: 3, nullable: true },
  },
});
