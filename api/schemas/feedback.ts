import { z } from '@hono/zod-openapi';
import { businessId, isoTimestamp } from './common';

const rating = (what: string) => z.number({ error: `${what} must be a whole number from 1 to 5` }).int(`${what} must be a whole number from 1 to 5`).min(1, `${what} must be at least 1`).max(5, `${what} must be at most 5`);

export const FeedbackSubmissionSchema = z
  .object({
    products: z
      .array(z.object({ sku: z.string().min(1).max(64), rating: rating('a product rating') }))
      .max(100)
      .openapi({ description: 'One rating (1-5) per order line, by sku; lines returned are not rated.' }),
    delivery: rating('delivery timeliness').openapi({ description: 'Delivery timeliness, 1-5.' }),
    packaging: rating('packaging'),
    service: rating('service'),
    nps: z.number({ error: 'nps must be a whole number from 0 to 10' }).int('nps must be a whole number from 0 to 10').min(0, 'nps must be at least 0').max(10, 'nps must be at most 10').openapi({ description: 'How likely to recommend us, 0-10.' }),
    comment: z.string().max(2000, 'the comment is limited to 2000 characters').optional(),
  })
  .openapi('FeedbackSubmission');

export const FeedbackTokenParam = z.object({ token: z.string().max(2000).openapi({ param: { name: 'token', in: 'path' }, description: 'The signed token from the feedback link.' }) });

export const FeedbackReceiptSchema = z
  .object({
    orderId: z.string(),
    status: z.string(),
    submittedAt: z.string().optional(),
    lowScore: z.boolean().openapi({ description: 'The answers were under the thresholds: the service team follows up.' }),
  })
  .openapi('FeedbackReceipt');

export const SkuParam = z.object({ sku: z.string().min(1).max(64).openapi({ param: { name: 'sku', in: 'path' } }) });
export const CarrierParam = z.object({ carrier: z.string().regex(/^[a-z0-9_-]{2,32}$/, 'must be a carrier code such as dhl').openapi({ param: { name: 'carrier', in: 'path' } }) });

export const ProductFeedbackSchema = z
  .object({
    sku: z.string(),
    count: z.number().int(),
    average: z.number().nullable().openapi({ description: 'Mean rating, two decimals; null without ratings.' }),
    distribution: z.record(z.string(), z.number().int()).openapi({ description: 'How many ratings of each value, "1" to "5".' }),
    recentComments: z.array(z.object({ rating: z.number().int(), comment: z.string(), submittedAt: z.string() })),
  })
  .openapi('ProductFeedback');

export const CarrierScorecardSchema = z
  .object({
    carrier: z.string(),
    deliveries: z.number().int(),
    onTime: z.object({ count: z.number().int(), withPromise: z.number().int(), rate: z.number().nullable() }),
    exceptions: z.object({ total: z.number().int(), deliveriesWithExceptions: z.number().int(), rate: z.number().nullable(), byKind: z.record(z.string(), z.number().int()) }),
    averageDaysInTransit: z.number().nullable(),
    deliveryRating: z.object({ count: z.number().int(), average: z.number().nullable() }),
  })
  .openapi('CarrierScorecard');

export const CaseIdParam = z.object({ caseId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/, 'must be a case id').openapi({ param: { name: 'caseId', in: 'path' } }) });
export const CustomerIdParam = z.object({ customerId: businessId.openapi({ param: { name: 'customerId', in: 'path' } }) });

export const ComplaintSchema = z
  .object({
    complaintId: businessId.openapi({ description: "The storefront's id; repeating it with the same body is answered as the first time." }),
    orderId: businessId.optional(),
    subject: z.string().min(1).max(200),
    message: z.string().min(1).max(5000),
  })
  .openapi('Complaint');

export const HelpdeskEventSchema = z
  .object({
    eventId: z.string().min(1).max(128).openapi({ description: 'Each event id counts once.' }),
    type: z.enum(['first_response', 'progress', 'resolved']),
    occurredAt: isoTimestamp,
    note: z.string().max(2000).optional(),
  })
  .openapi('HelpdeskEvent');

export const CustomerAnswerSchema = z.object({ resolved: z.boolean(), comment: z.string().max(2000).optional() }).openapi('CustomerAnswer');

export const ServiceCaseViewSchema = z
  .object({
    caseId: z.string(),
    customerId: z.string(),
    orderId: z.string().optional(),
    origin: z.enum(['low_feedback', 'complaint']),
    status: z.enum(['opening', 'open', 'responded', 'resolved', 'closed']),
    ticketId: z.string().optional(),
    openedAt: z.string(),
    firstResponseDueBy: z.string(),
    firstRespondedAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    customerAnswer: z.enum(['resolved', 'not_resolved', 'unanswered']).optional(),
    needsAttention: z.boolean(),
    attentionReasons: z.array(z.string()),
    completed: z.boolean(),
  })
  .passthrough()
  .openapi('ServiceCase');

export const CaseAcceptedSchema = z.object({ caseId: z.string(), workflowId: z.string(), links: z.object({ self: z.string() }) }).openapi('ServiceCaseAccepted');
