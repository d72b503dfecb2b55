import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { addressCorrectionUpdate, customsActionUpdate, shipmentStatusQuery } from '../../../workflows/shipment/messages';
import { byKey, byKeyOrLinkToken } from '../../auth';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { AddressCorrectionSchema, CustomsActionSchema, LinkTokenQuery, ShipmentIdParam, ShipmentViewSchema } from '../../schemas/shipments';
import { executeUpdate } from '../../temporal';

const getShipment = createRoute({
  method: 'get',
  path: '/v1/shipments/{shipmentId}',
  tags: ['shipments'],
  summary: 'A parcel: stage, legs, hand-offs, exception cases and the full carrier timeline',
  ...byKey('storefront', 'operator'),
  request: { params: ShipmentIdParam },
  responses: { ...keyProblems, 200: jsonContent(ShipmentViewSchema, 'The parcel as it stands'), 404: problemContent('Unknown shipment') },
});

const customsAction = createRoute({
  method: 'post',
  path: '/v1/shipments/{shipmentId}/customs-actions',
  tags: ['shipments'],
  summary: 'Act on a customs hold: documents_provided, duties_paid or abandon (customer link or operator)',
  ...byKeyOrLinkToken({ scope: 'customs', subjectParam: 'shipmentId' }, 'operator'),
  request: { params: ShipmentIdParam, query: LinkTokenQuery, body: jsonBody(CustomsActionSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(ShipmentViewSchema, 'Accepted; the case shows what happens next'),
    404: problemContent('Unknown shipment'),
    409: problemContent('Refused; `reason` says why (no_customs_hold, action_does_not_fit_hold, shipment_finished)'),
  },
});

const addressCorrection = createRoute({
  method: 'post',
  path: '/v1/shipments/{shipmentId}/address-correction',
  tags: ['shipments'],
  summary: 'Correct the address after the carrier reported an address problem (customer link or operator)',
  ...byKeyOrLinkToken({ scope: 'address', subjectParam: 'shipmentId' }, 'operator'),
  request: { params: ShipmentIdParam, query: LinkTokenQuery, body: jsonBody(AddressCorrectionSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(ShipmentViewSchema, 'Accepted; the carrier is asked to redirect'),
    404: problemContent('Unknown shipment'),
    409: problemContent('Refused; `reason` says why (no_address_problem, shipment_finished)'),
  },
});

/** The shipment's workflow; the request's log line names it. */
function shipmentHandle(c: Context<AppEnv>, shipmentId: string) {
  c.set('workflowId', shipmentId);
  return c.get('deps').temporal.workflow.getHandle(shipmentId);
}

export const shipmentsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getShipment, async (c) => {
    const { shipmentId } = c.req.valid('param');
    return c.json(await shipmentHandle(c, shipmentId).query(shipmentStatusQuery), 200);
  })
  .openapi(customsAction, async (c) => {
    const { shipmentId } = c.req.valid('param');
    const handle = shipmentHandle(c, shipmentId);
    const view = await executeUpdate(handle, customsActionUpdate, [{ ...c.req.valid('json'), by: c.get('actor'), keyId: c.get('keyId') }]);
    return c.json(view, 200);
  })
  .openapi(addressCorrection, async (c) => {
    const { shipmentId } = c.req.valid('param');
    const handle = shipmentHandle(c, shipmentId);
    const view = await executeUpdate(handle, addressCorrectionUpdate, [{ ...c.req.valid('json'), by: c.get('actor'), keyId: c.get('keyId') }]);
    return c.json(view, 200);
  });
