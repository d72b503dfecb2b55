import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { addressCorrectionUpdate, customsActionUpdate, shipmentStatusQuery } from '../../../workflows/shipment/messages';
import { apiKeyOrLinkToken } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { jsonBody, jsonContent, problemContent } from '../../schemas/common';
import { AddressCorrectionSchema, CustomsActionSchema, LinkTokenQuery, ShipmentIdParam, ShipmentViewSchema } from '../../schemas/shipments';
import { executeUpdate } from '../../temporal';

const customerOrOperator: Record<string, string[]>[] = [{ ApiKey: [] }, {}];

const getShipment = createRoute({
  method: 'get',
  path: '/v1/shipments/{shipmentId}',
  tags: ['shipments'],
  summary: 'A parcel: stage, legs, hand-offs, exception cases and the full carrier timeline',
  security: [{ ApiKey: [] }],
  request: { params: ShipmentIdParam },
  responses: { 200: jsonContent(ShipmentViewSchema, 'The parcel as it stands'), 404: problemContent('Unknown shipment') },
});

const customsAction = createRoute({
  method: 'post',
  path: '/v1/shipments/{shipmentId}/customs-actions',
  tags: ['shipments'],
  summary: 'Act on a customs hold: documents_provided, duties_paid or abandon (customer link or operator)',
  security: customerOrOperator,
  request: { params: ShipmentIdParam, query: LinkTokenQuery, body: jsonBody(CustomsActionSchema) },
  responses: {
    200: jsonContent(ShipmentViewSchema, 'Accepted; the case shows what happens next'),
    401: problemContent('No API key and no valid link token'),
    404: problemContent('Unknown shipment'),
    409: problemContent('Refused; `reason` says why (no_customs_hold, action_does_not_fit_hold, shipment_finished)'),
  },
});

const addressCorrection = createRoute({
  method: 'post',
  path: '/v1/shipments/{shipmentId}/address-correction',
  tags: ['shipments'],
  summary: 'Correct the address after the carrier reported an address problem (customer link or operator)',
  security: customerOrOperator,
  request: { params: ShipmentIdParam, query: LinkTokenQuery, body: jsonBody(AddressCorrectionSchema) },
  responses: {
    200: jsonContent(ShipmentViewSchema, 'Accepted; the carrier is asked to redirect'),
    401: problemContent('No API key and no valid link token'),
    404: problemContent('Unknown shipment'),
    409: problemContent('Refused; `reason` says why (no_address_problem, shipment_finished)'),
  },
});

export const shipmentsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
shipmentsApi.use('/v1/shipments/:shipmentId/customs-actions', (c, next) => {
  const { config } = c.get('deps');
  return apiKeyOrLinkToken(config.apiKeys, config.linkSigningSecret, 'customs', 'shipmentId')(c, next);
});
shipmentsApi.use('/v1/shipments/:shipmentId/address-correction', (c, next) => {
  const { config } = c.get('deps');
  return apiKeyOrLinkToken(config.apiKeys, config.linkSigningSecret, 'address', 'shipmentId')(c, next);
});

shipmentsApi
  .openapi(getShipment, async (c) => {
    const { shipmentId } = c.req.valid('param');
    return c.json(await c.get('deps').temporal.workflow.getHandle(shipmentId).query(shipmentStatusQuery), 200);
  })
  .openapi(customsAction, async (c) => {
    const { shipmentId } = c.req.valid('param');
    const handle = c.get('deps').temporal.workflow.getHandle(shipmentId);
    const view = await executeUpdate(handle, customsActionUpdate, [{ ...c.req.valid('json'), by: c.get('actor') }]);
    return c.json(view, 200);
  })
  .openapi(addressCorrection, async (c) => {
    const { shipmentId } = c.req.valid('param');
    const handle = c.get('deps').temporal.workflow.getHandle(shipmentId);
    const view = await executeUpdate(handle, addressCorrectionUpdate, [{ ...c.req.valid('json'), by: c.get('actor') }]);
    return c.json(view, 200);
  });
