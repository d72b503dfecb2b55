import { z } from '@hono/zod-openapi';
import { policyOverridesSchema } from '../../lib/config';
import { carrierCodePattern, trackingNumberPattern } from '../../workflows/shipment/messages';
import { limits } from '../../workflows/shared/limits';
import { businessId, countryCode, isoTimestamp } from './common';

export const AddressSchema = z
  .object({
    name: z.string().min(1).max(200),
    line1: z.string().min(1).max(200),
    line2: z.string().max(200).optional(),
    city: z.string().min(1).max(100),
    region: z.string().max(100).optional(),
    postalCode: z.string().min(1).max(20),
    country: countryCode,
  })
  .openapi('Address');

const sku = z.string().min(1).max(64);
const quantity = z.number().int().positive().max(limits.quantityPerLine);
const amountMinor = z.number().int().nonnegative().max(limits.amountMinor);
const parcelItems = z.array(z.object({ sku, quantity })).min(1).max(limits.linesPerOrder);

export const CreateOrderSchema = z
  .object({
    orderId: businessId,
    customer: z.object({
      id: businessId,
      email: z.email().max(254).optional(),
      phone: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be E.164, e.g. +4915112345678').optional(),
      locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or de-DE').default('en'),
      channel: z.enum(['email', 'sms', 'push']).default('email'),
    }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    items: z
      .array(
        z.object({
          sku,
          quantity,
          unitPriceMinor: amountMinor,
          returnable: z.boolean().optional().openapi({ description: 'false for a final-sale line, which cannot be returned; default true' }),
        }),
      )
      .min(1)
      .max(limits.linesPerOrder)
      .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'each sku may appear once')
      .refine((items) => items.reduce((sum, i) => sum + i.quantity * i.unitPriceMinor, 0) <= limits.amountMinor, `the order total (quantity x unitPriceMinor) must not exceed ${limits.amountMinor} minor units`),
    shippingAddress: AddressSchema,
    originCountry: countryCode.optional(),
    requiresSignature: z.boolean().default(false),
    payment: z.object({ paymentId: z.string().min(1).max(128), capturedMinor: amountMinor }),
    placedAt: isoTimestamp.optional(),
    policy: policyOverridesSchema.optional().openapi({ description: 'Per-order policy overrides, grouped by lifecycle ({"order":{...},"shipment":{...}}); see README.' }),
  })
  .openapi('CreateOrder');

export const OrderAcceptedSchema = z
  .object({ orderId: z.string(), workflowId: z.string(), status: z.literal('accepted'), links: z.object({ self: z.string() }) })
  .openapi('OrderAccepted');

const RefundStatusSchema = z.enum(['pending', 'refunded', 'nothing_left', 'failed', 'settled']).openapi({
  description: 'refunded: money went back; nothing_left: the payment was already refunded in full; failed: the payments partner refused (refundFailure says why), an operator can retry or settle; settled: resolved by hand',
});

export const StepViewSchema = z
  .object({
    stepId: z.string(),
    what: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'settled']),
    attempt: z.number().int(),
    reason: z.string().optional().openapi({ description: "The partner's refusal of the last attempt" }),
    stillRetrying: z.boolean().optional(),
    note: z.string().optional(),
    since: z.string(),
  })
  .openapi('Step');

export const OperatorStepActionSchema = z
  .object({
    action: z.enum(['retry', 'settle']).openapi({ description: 'retry: a new attempt under a new key (only a refused step, which moved nothing); settle: resolved by hand' }),
    note: z.string().trim().max(500).optional().openapi({ description: 'What the operator did or why; required to settle' }),
  })
  .openapi('OperatorStepAction');

export const StepIdParam = z.object({
  orderId: businessId.openapi({ param: { name: 'orderId', in: 'path' } }),
  stepId: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be a step id from the order view').openapi({ param: { name: 'stepId', in: 'path' } }),
});

const TimelineEntrySchema = z.object({
  at: z.string(),
  what: z.string(),
  source: z.string(),
  detail: z.string().optional(),
  by: z.string().optional().openapi({ description: 'Id of the API key that made the change (key- + 12 hex of its SHA-256), never the key.' }),
});

export const OrderViewSchema = z
  .object({
    orderId: z.string(),
    customerId: z.string(),
    stage: z.string(),
    needsAttention: z.boolean(),
    attentionReasons: z.array(z.string()),
    shippingAddress: AddressSchema,
    parcels: z.array(
      z.object({
        shipmentId: z.string(),
        carrier: z.string(),
        trackingNumber: z.string(),
        items: z.array(z.object({ sku: z.string(), quantity: z.number() })),
        stage: z.string(),
        signedBy: z.string().optional(),
        exception: z.object({ kind: z.string(), description: z.string().optional() }).optional(),
        resolution: z
          .object({ action: z.enum(['refund', 'reship']), reason: z.string(), refundMinor: z.number().optional(), refundStatus: RefundStatusSchema.optional(), refundId: z.string().optional(), refundFailure: z.string().optional() })
          .optional(),
      }),
    ),
    timeline: z.array(TimelineEntrySchema),
    promisedBy: z.string().optional().openapi({ format: 'date-time', description: 'Delivery is promised by then.' }),
    cancellation: z
      .object({ reason: z.string(), refundMinor: z.number(), refundStatus: RefundStatusSchema, refundFailure: z.string().optional(), stockReleased: z.boolean() })
      .optional(),
    steps: z.array(StepViewSchema),
    completed: z.boolean(),
    returns: z
      .array(
        z.object({
          rmaId: z.string(),
          status: z.string(),
          resolution: z.string(),
          requestedAt: z.string(),
          lines: z.array(z.object({ sku: z.string(), quantity: z.number(), reason: z.string() })),
          money: z.object({ status: z.string(), amountMinor: z.number().optional() }).optional(),
          links: z.object({ self: z.string() }),
        }),
      )
      .optional()
      .openapi({ description: 'The order\'s return requests, from MySQL' }),
    fromRecords: z.boolean().optional().openapi({ description: 'true: answered from MySQL records because the journey\'s workflow history is gone (no timeline then)' }),
  })
  .openapi('Order');

export const CancelOrderSchema = z.object({ reason: z.string().min(1).max(500).default('requested by customer') }).openapi('CancelOrder');

export const ChangeAddressSchema = z.object({ address: AddressSchema }).openapi('ChangeShippingAddress');

const carrierCode = z.string().regex(carrierCodePattern, 'must be a lowercase carrier code such as dhl or ups');
const trackingNumber = z.string().regex(trackingNumberPattern, 'must be 4-40 letters or digits');

export const FulfillmentEventSchema = z
  .discriminatedUnion('type', [
    z.object({ eventId: businessId, type: z.enum(['picking_started', 'packed']), occurredAt: isoTimestamp }),
    z.object({
      eventId: businessId,
      type: z.literal('shipped'),
      occurredAt: isoTimestamp,
      parcels: z
        .array(z.object({ carrier: carrierCode, trackingNumber, items: parcelItems }))
        .min(1)
        .max(limits.parcelsPerEvent)
        .refine((parcels) => new Set(parcels.map((p) => `${p.carrier}/${p.trackingNumber}`)).size === parcels.length, 'each carrier and tracking number may appear once'),
    }),
  ])
  .openapi('FulfillmentEvent');

export const FulfillmentResultSchema = z
  .object({ eventId: z.string(), duplicate: z.boolean(), stage: z.string() })
  .openapi('FulfillmentResult');

export const OrderIdParam = z.object({ orderId: businessId.openapi({ param: { name: 'orderId', in: 'path' } }) });
