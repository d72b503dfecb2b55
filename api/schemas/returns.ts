import { z } from '@hono/zod-openapi';
import { policyOverridesSchema } from '../../lib/config';
import { returnReasons, unitConditions } from '../../workflows/returns/messages';
import { businessId } from './common';
import { StepViewSchema } from './orders';

/** RMA ids become workflow ids (return-<rmaId>) and exchange order ids (ex-<rmaId>): short and safe. */
export const rmaId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be 1-40 letters, digits, ".", "_" or "-"');

export const RmaIdParam = z.object({ rmaId: rmaId.openapi({ param: { name: 'rmaId', in: 'path' } }) });

export const CreateReturnSchema = z
  .object({
    rmaId: rmaId.optional().openapi({ description: 'Your own RMA id; a repeat with it gets the same answer. Without it, one is derived from the Idempotency-Key (or made up).' }),
    orderId: businessId,
    lines: z
      .array(
        z.object({
          sku: z.string().min(1).max(64),
          quantity: z.number().int().positive(),
          reason: z.enum(returnReasons),
          comment: z.string().max(500).optional(),
        }),
      )
      .min(1)
      .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each sku may appear once'),
    resolution: z.discriminatedUnion('type', [
      z.object({ type: z.literal('refund') }),
      z.object({ type: z.literal('store_credit') }),
      z.object({ type: z.literal('exchange'), sku: z.string().min(1).max(64).openapi({ description: 'The same-price sku to send instead' }) }),
    ]),
    policy: policyOverridesSchema.optional().openapi({ description: 'Per-return policy overrides, grouped ({"returns":{...}}); see README.' }),
  })
  .openapi('CreateReturn');

const IneligibilitySchema = z
  .object({
    reason: z.enum([
      'order_cancelled',
      'unknown_sku',
      'item_not_returnable',
      'not_delivered',
      'return_window_closed',
      'quantity_exceeds_returnable',
      'exchange_sku_unknown',
      'exchange_price_unknown',
      'exchange_price_differs',
      'exchange_out_of_stock',
    ]),
    sku: z.string().optional(),
    exchangeSku: z.string().optional().openapi({ description: 'exchange_*: the sku asked for instead' }),
    returnedUnitPriceMinor: z.number().optional().openapi({ description: 'exchange_price_differs: what the returned unit cost' }),
    exchangeUnitPriceMinor: z.number().optional().openapi({ description: 'exchange_price_differs: the exchange sku’s price (PUT /v1/inventory/{sku})' }),
    currency: z.string().optional().openapi({ description: 'exchange_price_differs: the order’s currency' }),
    exchangeCurrency: z.string().optional().openapi({ description: 'exchange_price_differs: the currency of the exchange sku’s price' }),
    available: z.number().optional().openapi({ description: 'exchange_out_of_stock: units of the exchange sku available (on hand minus reserved)' }),
    closedAt: z.string().optional().openapi({ description: 'return_window_closed: when the window closed' }),
    deliveredAt: z.string().optional(),
    requested: z.number().optional(),
    delivered: z.number().optional(),
    alreadyReturnedOrOpen: z.number().optional(),
    left: z.number().optional().openapi({ description: 'quantity_exceeds_returnable: how many units may still be returned' }),
  })
  .openapi('ReturnIneligibility');

export const ReturnAnswerSchema = z
  .object({
    rmaId: z.string(),
    workflowId: z.string(),
    status: z.enum(['approved', 'pending_review']),
    next: z.string().optional(),
    refundAt: z.string().optional(),
    reason: z.string().optional().openapi({ description: 'pending_review: why it is held' }),
    reviewBy: z.string().optional().openapi({ description: 'pending_review: when the policy decides if nobody does' }),
    then: z.string().optional(),
    label: z.object({ carrier: z.string(), trackingNumber: z.string(), labelUrl: z.string(), expiresAt: z.string() }).optional(),
    links: z.object({ self: z.string() }),
  })
  .openapi('ReturnAnswer');

export const IneligibleSchema = z
  .object({ type: z.string(), title: z.string(), status: z.literal(422), reason: z.literal('return_ineligible'), detail: z.string(), rmaId: z.string(), reasons: z.array(IneligibilitySchema) })
  .openapi('ReturnIneligible');

const BreakdownSchema = z.object({
  basis: z.enum(['requested', 'inspected']),
  lines: z.array(z.object({ sku: z.string(), unitPriceMinor: z.number(), refundedUnits: z.number(), unrefundedUnits: z.number(), restockingFeeMinor: z.number(), amountMinor: z.number() })),
  shippingMinor: z.number(),
  totalMinor: z.number(),
  currency: z.string(),
  cap: z
    .object({ capturedMinor: z.number(), earlierRefundsMinor: z.number(), availableMinor: z.number() })
    .optional()
    .openapi({ description: 'Set when the cap bound: the order’s captured payment minus earlier refunds and store credit left less than the total' }),
});

const AdjustmentSchema = z
  .object({
    kind: z.enum(['top_up', 'over_refund']),
    breakdown: BreakdownSchema,
    movedMinor: z.number(),
    owedMinor: z.number(),
    differenceMinor: z.number(),
    why: z.string(),
    status: z.string().openapi({ description: 'top_up: pending, refunded, credited, nothing_left, failed, settled; over_refund: open until an operator settles step `clawback`, then settled' }),
    amountMinor: z.number().optional(),
    note: z.string().optional(),
  })
  .openapi('ReturnMoneyAdjustment', { description: 'Money moved before inspection squared with what the inspection owes' });

export const ReturnViewSchema = z
  .object({
    rmaId: z.string(),
    orderId: z.string(),
    customerId: z.string(),
    status: z.string().openapi({ description: 'pending_review, approved, awaiting_parcel, in_transit, received, completed, rejected, expired, or ineligible' }),
    resolution: z.object({ type: z.string(), sku: z.string().optional() }),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number(), reason: z.string(), comment: z.string().optional(), unitPriceMinor: z.number(), conditions: z.record(z.string(), z.number()).optional() })),
    review: z.object({ reason: z.string(), until: z.string() }).optional(),
    decision: z.object({ outcome: z.string(), by: z.string(), reason: z.string().optional(), at: z.string() }).optional(),
    label: z.object({ carrier: z.string(), trackingNumber: z.string(), labelUrl: z.string(), expiresAt: z.string() }).optional(),
    parcel: z.object({ shipmentId: z.string(), stage: z.string(), firstScanAt: z.string().optional(), deliveredAt: z.string().optional() }).optional(),
    receiptOverdue: z
      .object({ since: z.string(), dueAt: z.string(), delivered: z.boolean() })
      .optional()
      .openapi({ description: 'No receipt within returns.receiptExpectedWithin of the parcel’s delivery (or first scan); cleared by the receipt' }),
    receipt: z.object({ receiptId: z.string(), at: z.string() }).optional(),
    money: z
      .object({ breakdown: BreakdownSchema, status: z.string(), amountMinor: z.number().optional(), refundId: z.string().optional(), failure: z.string().optional(), adjustment: AdjustmentSchema.optional() })
      .optional(),
    exchange: z.object({ orderId: z.string(), sku: z.string(), quantity: z.number() }).optional(),
    stock: z.array(z.object({ sku: z.string(), kind: z.string(), quantity: z.number() })),
    needsAttention: z.boolean(),
    attentionReasons: z.array(z.string()),
    steps: z.array(StepViewSchema),
    timeline: z.array(z.object({ at: z.string(), what: z.string(), source: z.string(), detail: z.string().optional(), by: z.string().optional() })),
    completed: z.boolean(),
  })
  .openapi('Return');

export const ReviewSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(500).optional().openapi({ description: 'Required to reject: the customer is told why' }),
  })
  .openapi('ReturnReview');

export const ReceiptSchema = z
  .object({
    receiptId: businessId.openapi({ description: "The warehouse's receipt id; the same receipt again is answered as the first" }),
    units: z
      .array(z.object({ sku: z.string().min(1).max(64), condition: z.enum(unitConditions), quantity: z.number().int().positive() }))
      .openapi({ description: 'Units per sku and condition; units of the return not listed are recorded as missing' }),
  })
  .openapi('ReturnReceipt');

export const StockLevelSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    expectedInbound: z.number().int(),
    available: z.number().int(),
    reorderPoint: z.number().int(),
    reorderQuantity: z.number().int(),
    replenishmentOpen: z.boolean(),
    unitPriceMinor: z.number().int().optional().openapi({ description: 'The merchant’s unit price, when set' }),
    currency: z.string().optional(),
  })
  .openapi('StockLevel');

export const SetStockSchema = z
  .object({
    onHand: z.number().int().nonnegative(),
    reorderPoint: z.number().int().nonnegative().default(0),
    reorderQuantity: z.number().int().nonnegative().default(0),
    unitPriceMinor: z
      .number()
      .int()
      .nonnegative()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .openapi({ description: 'Unit price in minor units (with `currency`); exchanges are checked against it. Omitted: the price on record stays.' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.unitPriceMinor === undefined) !== (body.currency === undefined)) {
      const missing = body.unitPriceMinor === undefined ? 'unitPriceMinor' : 'currency';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'unitPriceMinor and currency go together' });
    }
  })
  .openapi('SetStock');

export const SkuParam = z.object({ sku: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"').openapi({ param: { name: 'sku', in: 'path' } }) });
