import { z } from '@hono/zod-openapi';
import { businessId } from './common';

export const CustomerIdParam = z.object({ customerId: businessId.openapi({ param: { name: 'customerId', in: 'path' }, example: 'C42' }) });

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const ConsentSchema = z
  .object({
    channels: z
      .object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() })
      .refine((channels) => Object.keys(channels).length > 0, 'name at least one channel (email, sms, push)')
      .openapi({ description: 'Marketing consent per channel: true opts in, false withdraws. Channels left out keep their state.' }),
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional()
      .openapi({ description: "The customer's time zone for quiet hours (otherwise taken from the order's destination)." }),
  })
  .openapi('ConsentChange');

export const RedemptionSchema = z
  .object({
    redemptionId: businessId.openapi({ description: "The storefront's id for this redemption; a repeat is answered with the first result." }),
    points: z.number().int().positive(),
  })
  .openapi('Redemption');

export const RedemptionResultSchema = z.object({ redemptionId: z.string(), points: z.number().int(), balance: z.number().int() }).openapi('RedemptionResult');

const ContactLogEntrySchema = z.object({
  key: z.string(),
  kind: z.string(),
  at: z.string(),
  status: z.enum(['sent', 'cancelled', 'refused']),
  detail: z.string().optional(),
  channel: z.string().optional(),
  recommendations: z.array(z.string()).optional(),
});

const ReturnFactsSchema = z
  .object({
    rmaId: z.string(),
    orderId: z.string(),
    at: z.string(),
    units: z.number().int(),
    refundedMinor: z.number().int().openapi({ description: 'Refunded or credited for it (0 for an exchange).' }),
    resolution: z.enum(['refund', 'store_credit', 'exchange']),
  })
  .openapi('CustomerReturn');

export const CustomerViewSchema = z
  .object({
    customerId: z.string(),
    segment: z.string().openapi({ description: 'champions, loyal, new, at_risk, hibernating, promising; prospect (no order) or unscored (no boundaries yet)' }),
    scores: z.object({ recency: z.number().int(), frequency: z.number().int(), monetary: z.number().int() }),
    why: z.array(z.string()).openapi({ description: 'Each score against its quintile cut-offs, and the segment rule that matched.' }),
    facts: z.object({
      lastOrderAt: z.string().optional(),
      orders: z.number().int(),
      deliveredOrders: z.number().int(),
      monetaryMinor: z.number().int(),
      refundedMinor: z.number().int(),
      currency: z.string().optional(),
      returns: z.number().int().openapi({ description: 'Completed returns, each counted once (by rmaId).' }),
      returnedUnits: z.number().int().openapi({ description: 'Units that came back in them (missing units not counted).' }),
      lastReturn: ReturnFactsSchema.optional(),
    }),
    loyalty: z.object({ balance: z.number().int(), lifetimePoints: z.number().int(), tier: z.enum(['bronze', 'silver', 'gold']) }),
    consent: z.object({ email: z.boolean(), sms: z.boolean(), push: z.boolean() }),
    timeZone: z.string().optional(),
    outreach: z.array(z.object({ key: z.string(), kind: z.string(), dueAt: z.string(), status: z.enum(['scheduled', 'deferred']), reason: z.string().optional() })),
    contactLog: z.array(ContactLogEntrySchema),
    erasedAt: z.string().optional(),
    run: z.number().int().openapi({ description: 'How many runs the entity workflow has had (continue-as-new).' }),
  })
  .openapi('Customer');

export const ErasureSchema = z
  .object({
    customerId: z.string(),
    erasedAt: z.string(),
    outreachCancelled: z.number().int(),
    erased: z.array(z.object({ what: z.string(), records: z.number().int() })),
    kept: z.array(z.string()),
  })
  .openapi('Erasure');
