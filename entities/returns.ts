import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { ReturnInput } from '../workflows/returns/messages';
import { JsonColumn } from './json-column';

/**
 * A return request (RMA) as it was answered, and its projection for lists and for answers after the return
 * workflow's history is gone. Units held by a request count against the order's returnable units until the
 * request ends rejected, expired or ineligible (statuses in `releasedReturnStatuses`).
 */
export class ReturnRequest {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'projectionVersion' | 'requestedMinor';
  rmaId!: string;
  orderId!: string;
  customerId!: string;
  /** The Idempotency-Key the storefront sent, when it sent one. */
  idempotencyKey?: string;
  /** Hash of the validated request: a repeat with another body under the same id is a 409. */
  requestHash!: string;
  status!: string;
  resolution!: string;
  exchangeSku?: string;
  /** Value of the units asked for (unit prices), for the auto-approval threshold. */
  requestedMinor: number = 0;
  /** The first answer (HTTP status and body): repeats get it again; with the workflow input it started. */
  answer!: { status: number; body: Record<string, unknown>; start?: ReturnInput };
  /** The return's latest view (status, lines, money and stock outcome, timeline), written by the workflow. */
  view?: Record<string, unknown>;
  projectionVersion: number = 0;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** One line of a return request: the units of a sku asked back, and why. */
export class ReturnItem {
  id!: number;
  rmaId!: string;
  orderId!: string;
  sku!: string;
  quantity!: number;
  reason!: string;
  comment?: string;
  unitPriceMinor!: number;
}

/** Append-only store credit, unique on its idempotency key: a customer's balance is the sum of their rows. */
export class StoreCreditEntry {
  [OptionalProps]?: 'createdAt';
  id!: number;
  idempotencyKey!: string;
  customerId!: string;
  amountMinor!: number;
  currency!: string;
  /** The workflow that granted it (return-...). */
  reference!: string;
  createdAt: Date = new Date();
}

/** Requests in these statuses no longer hold units: they can be asked for again. */
export const releasedReturnStatuses = ['ineligible', 'rejected', 'expired'];

export const ReturnRequestSchema = new EntitySchema<ReturnRequest>({
  class: ReturnRequest,
  tableName: 'return_requests',
  indexes: [{ properties: ['orderId'] }, { properties: ['customerId', 'createdAt'] }],
  properties: {
    rmaId: { type: 'string', length: 64, primary: true },
    orderId: { type: 'string', length: 64 },
    customerId: { type: 'string', length: 64 },
    idempotencyKey: { type: 'string', length: 191, nullable: true, unique: true },
    requestHash: { type: 'string', length: 64 },
    status: { type: 'string', length: 32 },
    resolution: { type: 'string', length: 16 },
    exchangeSku: { type: 'string', length: 64, nullable: true },
    requestedMinor: { type: new BigIntType('number'), default: 0 },
    answer: { type: JsonColumn },
    view: { type: JsonColumn, nullable: true },
    projectionVersion: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});

export const ReturnItemSchema = new EntitySchema<ReturnItem>({
  class: ReturnItem,
  tableName: 'return_items',
  uniques: [{ properties: ['rmaId', 'sku'] }],
  indexes: [{ properties: ['orderId', 'sku'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    rmaId: { type: 'string', length: 64 },
    orderId: { type: 'string', length: 64 },
    sku: { type: 'string', length: 64 },
    quantity: { type: 'integer' },
    reason: { type: 'string', length: 32 },
    comment: { type: 'string', length: 500, nullable: true },
    unitPriceMinor: { type: new BigIntType('number') },
  },
});

export const StoreCreditEntrySchema = new EntitySchema<StoreCreditEntry>({
  class: StoreCreditEntry,
  tableName: 'store_credit_ledger',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    idempotencyKey: { type: 'string', length: 191, unique: true },
    customerId: { type: 'string', length: 64, index: true },
    amountMinor: { type: new BigIntType('number') },
    currency: { type: 'string', length: 3 },
    reference: { type: 'string', length: 191 },
    createdAt: { type: 'datetime', length: 3 },
  },
});
