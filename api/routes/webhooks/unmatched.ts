import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { carrierCode } from '../../webhooks/normalize';
import { unmatchedListQuery } from '../../webhooks/unmatched-store';

const UnmatchedQuery = z.object({
  carrier: z
    .string()
    .trim()
    .min(1)
    .max(64)
    // Operators type what the carrier calls itself ("DHL Express"); rows hold the code (dhl_express).
    .transform(carrierCode)
    .optional()
    .openapi({ description: 'Carrier name or code, e.g. `usps` or `DHL Express`.', example: 'usps' }),
  trackingNumber: z.string().trim().min(1).max(64).optional().openapi({ example: '9400111899223856928499' }),
  // Query strings carry text: "false" must mean false, which z.coerce.boolean would not give.
  includeReplayed: z.enum(['true', 'false']).default('false').openapi({ description: 'Also list events already replayed into their shipment.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'At most this many rows, newest first (1-200).' }),
});

const UnmatchedEventSchema = z
  .object({
    id: z.number().int(),
    provider: z.string().openapi({ example: 'easypost' }),
    carrier: z.string().openapi({ example: 'usps' }),
    trackingNumber: z.string(),
    reason: z.enum(['unknown_tracking_number', 'shipment_closed', 'stale_generation']).openapi({
      description:
        '`unknown_tracking_number`: no shipment yet (often the carrier scans before the warehouse reports shipped); `shipment_closed`: its shipment had already completed; `stale_generation`: the carrier recycled the number and these scans are dated before the newest parcel was handed over, while the older parcel\'s shipment had completed.',
    }),
    eventCount: z.number().int().openapi({ description: 'Normalized carrier events in this delivery.' }),
    deliveries: z.number().int().openapi({ description: 'How many times this same delivery arrived (stored once).' }),
    receivedAt: z.string().openapi({ format: 'date-time', description: 'When it first arrived; kept for UNMATCHED_WEBHOOK_RETENTION from then.' }),
    lastReceivedAt: z.string().openapi({ format: 'date-time' }),
    replayedAt: z.string().nullable().openapi({ format: 'date-time', description: 'When a shipment that started later took these events.' }),
    replayedInto: z.string().nullable().openapi({ description: 'The shipment id (workflow id) that took them.', example: 'shipment-usps-9400111899223856928499' }),
  })
  .openapi('UnmatchedWebhookEvent');

const listUnmatched = createRoute({
  method: 'get',
  path: '/v1/webhooks/unmatched',
  tags: ['webhooks'],
  summary: 'Carrier events no shipment has taken (yet), newest first',
  ...byKey('operator'),
  request: { query: UnmatchedQuery },

  responses: {
    ...keyProblems,
    200: jsonContent(z.object({ items: z.array(UnmatchedEventSchema) }).openapi('UnmatchedWebhookEvents'), 'Kept carrier deliveries'),
    400: problemContent('Invalid query; `errors` names each parameter'),
  },
});

/** For operators: what carriers told us about parcels no shipment owned when the webhook arrived. */
export const unmatchedWebhooksApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(listUnmatched, async (c) => {
  const { carrier, trackingNumber, includeReplayed, limit } = c.req.valid('query');
  const rows = await unmatchedListQuery(c.get('deps').orm.em.fork(), { carrier, trackingNumber, includeReplayed: includeReplayed === 'true', limit }).getResultList();
  const items = rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    reason: row.reason,
    eventCount: row.events.length,
    deliveries: row.deliveries,
    receivedAt: row.receivedAt.toISOString(),
    lastReceivedAt: row.lastReceivedAt.toISOString(),
    replayedAt: row.replayedAt?.toISOString() ?? null,
    replayedInto: row.replayedInto ?? null,
  }));
  return c.json({ items }, 200);
});
