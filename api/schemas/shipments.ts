import { z } from '@hono/zod-openapi';
import { AddressSchema } from './orders';

export const ShipmentIdParam = z.object({
  shipmentId: z
    .string()
    .regex(/^shipment-[a-z0-9_]{2,32}-[A-Za-z0-9]{4,40}(-g[1-9][0-9]{0,3})?$/, 'must be shipment-<carrier>-<trackingNumber>, with -g<generation> for a recycled tracking number')
    .openapi({
      param: { name: 'shipmentId', in: 'path' },
      example: 'shipment-dhl-JD014600003828',
      description: 'shipment-<carrier>-<trackingNumber>; a later parcel that reuses a tracking number adds -g2, -g3, ...',
    }),
});

export const LinkTokenQuery = z.object({
  token: z.string().optional().openapi({ description: 'Signed token from the customer message; not needed with an API key.' }),
});

export const CustomsActionSchema = z
  .object({ action: z.enum(['documents_provided', 'duties_paid', 'abandon']) })
  .openapi('CustomsAction');

export const AddressCorrectionSchema = z.object({ address: AddressSchema }).openapi('AddressCorrection');

const CaseSchema = z.object({
  seq: z.number(),
  kind: z.string(),
  since: z.string(),
  waitingFor: z.string(),
  remindersSent: z.number(),
  escalated: z.boolean(),
  actions: z.array(z.object({ action: z.string(), by: z.string(), at: z.string(), keyId: z.string().optional() })),
  outcome: z.string().optional(),
});

export const ShipmentViewSchema = z
  .object({
    shipmentId: z.string(),
    orderId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    direction: z.enum(['outbound', 'return']).openapi({ description: 'outbound: to the customer; return: from the customer back to the warehouse ("delivered" = received)' }),
    destinationCountry: z.string(),
    crossBorder: z.boolean(),
    stage: z.string(),
    signedBy: z.string().optional(),
    exception: z.object({ kind: z.string(), description: z.string().optional(), since: z.string() }).optional(),
    legs: z.array(z.object({ milestone: z.string(), at: z.string() })),
    handoffs: z.array(z.object({ carrier: z.string(), trackingNumber: z.string(), at: z.string() })),
    cases: z.array(CaseSchema),
    failedAttempts: z.number(),
    needsAttention: z.boolean(),
    attentionReasons: z.array(z.string()),
    events: z.array(
      z.object({
        eventId: z.string(),
        provider: z.string(),
        status: z.string(),
        exceptionKind: z.string().optional(),
        milestone: z.string().optional(),
        occurredAt: z.string(),
        description: z.string().optional(),
        location: z.string().optional(),
        signedBy: z.string().optional(),
      }),
    ),
  })
  .openapi('Shipment');
