import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { problemResponse } from '../../problem';
import { jsonContent, problemContent } from '../../schemas/common';
import { parseCarrierUpdates, providers } from '../../webhooks';
import { GenericWebhookSchema } from '../../webhooks/generic';
import { deliverCarrierUpdate } from '../../webhooks/ingest';
import { WebhookPayloadError } from '../../webhooks/types';
import { limits } from '../../../workflows/shared/limits';

const ProviderParam = z.object({
  provider: z.enum(['easypost', 'aftership', 'shippo', 'generic']).openapi({ param: { name: 'provider', in: 'path' } }),
});

const Accepted = z
  .object({ accepted: z.number().int().openapi({ description: 'Events durably handed over' }), parcels: z.array(z.object({ shipmentId: z.string(), delivery: z.enum(['delivered', 'already_known', 'kept_unmatched']).openapi({ description: 'already_known: the shipment had recorded every event already, so it was not signalled again' }) })) })
  .openapi('WebhookAccepted');

const carrierWebhook = createRoute({
  method: 'post',
  path: '/v1/webhooks/carriers/{provider}',
  tags: ['webhooks'],
  summary: 'Carrier tracking webhook (signature checked on the raw body)',
  description:
    'Signature headers: easypost `X-Hmac-Signature`, aftership `aftership-hmac-sha256`, shippo `Shippo-Auth-Signature`, generic `X-Aftercart-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (5-minute tolerance). The generic body is shown below; the others are the providers\' own formats.',
  // Public by design: the provider's signature over the raw body is the credential, checked in the handler.
  security: [{ WebhookSignature: [] }],
  request: { params: ProviderParam, body: { required: true, content: { 'application/json': { schema: GenericWebhookSchema } } } },
  responses: {
    202: jsonContent(Accepted, 'Durably handed to the shipment workflow (or kept for a shipment that does not exist yet)'),
    400: problemContent(`Malformed payload, more than ${limits.eventsPerWebhook} events, or nested deeper than ${limits.webhookDepth} levels; \`errors\` names the field`),
    401: problemContent('Missing, invalid or stale signature'),
  },
});

/**
 * The body is read raw and verified before any JSON parsing; zod validation of the generic format happens in the
 * provider's parser, so the route does not let the OpenAPI validator consume the body first.
 */
const webhooks = new OpenAPIHono<AppEnv>();
webhooks.openAPIRegistry.registerPath(carrierWebhook);

export const webhooksApi = webhooks.post('/v1/webhooks/carriers/:provider', async (c) => {
  const parsedProvider = ProviderParam.safeParse({ provider: c.req.param('provider') });
  const metrics = c.get('metrics');
  if (!parsedProvider.success) {
    metrics.webhooksRejected.inc({ provider: 'unknown', reason: 'unknown_provider' });
    return problemResponse(c, { title: 'Not Found', status: 404, detail: 'Unknown provider: use easypost, aftership, shippo or generic.' });
  }
  const name = parsedProvider.data.provider;
  const { config, temporal, orm } = c.get('deps');
  const rawBytes = Buffer.from(await c.req.arrayBuffer());
  const verification = providers[name].verify(rawBytes, (header) => c.req.header(header), config.webhookSecrets[name], Math.floor(Date.now() / 1000));
  if (!verification.ok) {
    metrics.webhooksRejected.inc({ provider: name, reason: 'invalid_signature' });
    return problemResponse(c, { title: 'Unauthorized', status: 401, detail: verification.reason });
  }
  let updates;
  try {
    updates = parseCarrierUpdates(name, rawBytes.toString('utf8'));
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) throw error;
    metrics.webhooksRejected.inc({ provider: name, reason: 'invalid_payload' });
    return problemResponse(c, { title: 'Invalid webhook payload', status: 400, detail: error.message, errors: error.errors });
  }
  const parcels = await Promise.all(updates.map((update) => deliverCarrierUpdate(temporal, orm, name, update, { retentionMs: config.unmatchedWebhookRetentionMs })));
  c.set('workflowId', parcels.map((p) => p.shipmentId).join(','));
  for (const parcel of parcels) metrics.webhooksAccepted.inc({ provider: name, delivery: parcel.delivery });
  return c.json({ accepted: updates.reduce((sum, u) => sum + u.events.length, 0), parcels }, 202);
});
