import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { orderJourneyWorkflow } from '../../../workflows/order/workflow';
import {
  cancelOrderUpdate,
  changeShippingAddressUpdate,
  fulfillmentEventUpdate,
  orderStatusQuery,
  orderWorkflowId,
} from '../../../workflows/order/messages';
import type { Context } from 'hono';
import { WorkflowNotFoundError } from '@temporalio/client';
import { orderFromRecords, returnsOfOrder } from '../../../activities/returns/records';
import { problems } from '../../problem';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { executeUpdate, requestHash, startIdempotently } from '../../temporal';
import { orderStartOptions } from './start';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import {
  CancelOrderSchema,
  ChangeAddressSchema,
  CreateOrderSchema,
  FulfillmentEventSchema,
  FulfillmentResultSchema,
  OrderAcceptedSchema,
  OrderIdParam,
  OrderViewSchema,
} from '../../schemas/orders';

const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(128).optional().openapi({ description: 'Repeat-safe key for this change; repeats are answered with the first result.' }),
});

const createOrder = createRoute({
  method: 'post',
  path: '/v1/orders',
  tags: ['orders'],
  summary: 'Start an order journey',
  ...byKey('storefront'),
  request: { body: jsonBody(CreateOrderSchema) },
  responses: {
    ...keyProblems,
    201: jsonContent(OrderAcceptedSchema, 'Journey started'),
    200: jsonContent(OrderAcceptedSchema, 'Same orderId and same body as an earlier request: the same result'),
    400: problemContent('Invalid body; `errors` names each field'),
    409: problemContent('Same orderId with a different body'),
  },
});

const getOrder = createRoute({
  method: 'get',
  path: '/v1/orders/{orderId}',
  tags: ['orders'],
  summary: 'Status, parcels, timeline and returns of an order journey (from MySQL once the journey\'s history is gone)',
  ...byKey('storefront', 'operator'),
  request: { params: OrderIdParam },
  responses: { ...keyProblems, 200: jsonContent(OrderViewSchema, 'The journey as it stands'), 404: problemContent('Unknown order') },
});

const cancelOrder = createRoute({
  method: 'post',
  path: '/v1/orders/{orderId}/cancel',
  tags: ['orders'],
  summary: 'Cancel before the first parcel ships (refund and stock release follow, each once)',
  ...byKey('storefront', 'operator'),
  request: { params: OrderIdParam, headers: idempotencyHeader, body: jsonBody(CancelOrderSchema) },
  responses: { ...keyProblems, 200: jsonContent(OrderViewSchema, 'Cancelled'), 404: problemContent('Unknown order'), 409: problemContent('Refused; `reason` says why (already_shipped, journey_completed)') },
});

const changeAddress = createRoute({
  method: 'put',
  path: '/v1/orders/{orderId}/shipping-address',
  tags: ['orders'],
  summary: 'Change the shipping address before the first parcel ships',
  ...byKey('storefront', 'operator'),
  request: { params: OrderIdParam, headers: idempotencyHeader, body: jsonBody(ChangeAddressSchema) },
  responses: { ...keyProblems, 200: jsonContent(OrderViewSchema, 'Changed; the warehouse is told'), 404: problemContent('Unknown order'), 409: problemContent('Refused; `reason` says why') },
});

const fulfillmentEvent = createRoute({
  method: 'post',
  path: '/v1/orders/{orderId}/fulfillment-events',
  tags: ['orders'],
  summary: 'Warehouse progress: picking_started, packed, shipped (with parcels)',
  ...byKey('warehouse'),
  request: { params: OrderIdParam, body: jsonBody(FulfillmentEventSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(FulfillmentResultSchema, 'Accepted (duplicate: true when this eventId was seen before)'),
    404: problemContent('Unknown order'),
    409: problemContent('Refused; `reason` says why (quantity_exceeds_order, unknown_sku, order_cancelled, ...)'),
  },
});

/** The order's workflow; the request's log line names it. */
function orderHandle(c: Context<AppEnv>, orderId: string) {
  const workflowId = orderWorkflowId(orderId);
  c.set('workflowId', workflowId);
  return c.get('deps').temporal.workflow.getHandle(workflowId);
}

export const ordersApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createOrder, async (c) => {
    const body = c.req.valid('json');
    const { config, temporal } = c.get('deps');
    const options = orderStartOptions(config, body, c.get('keyId'));
    c.set('workflowId', options.workflowId);
    const { created } = await startIdempotently<typeof orderJourneyWorkflow>(temporal, 'orderJourneyWorkflow', options, requestHash(body));
    const result = { orderId: body.orderId, workflowId: options.workflowId, status: 'accepted' as const, links: { self: `/v1/orders/${body.orderId}` } };
    if (created) c.get('metrics').journeysStarted.inc({ kind: 'order' });
    return c.json(result, created ? 201 : 200);
  })
  .openapi(getOrder, async (c) => {
    const { orderId } = c.req.valid('param');
    const { orm } = c.get('deps');
    const returns = await returnsOfOrder(orm, orderId);
    try {
      return c.json({ ...(await orderHandle(c, orderId).query(orderStatusQuery)), returns }, 200);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    // The journey's history is gone (retention is days, returns take weeks): MySQL's records answer.
    const recorded = await orderFromRecords(orm, orderId);
    if (!recorded) throw problems.notFound(`There is no order ${orderId}.`);
    return c.json({ ...(recorded as unknown as z.infer<typeof OrderViewSchema>), returns }, 200);
  })
  .openapi(cancelOrder, async (c) => {
    const { orderId } = c.req.valid('param');
    const handle = orderHandle(c, orderId);
    const view = await executeUpdate(handle, cancelOrderUpdate, [{ ...c.req.valid('json'), by: c.get('keyId') }], c.req.valid('header')['idempotency-key']);
    return c.json(view, 200);
  })
  .openapi(changeAddress, async (c) => {
    const { orderId } = c.req.valid('param');
    const handle = orderHandle(c, orderId);
    const view = await executeUpdate(handle, changeShippingAddressUpdate, [{ ...c.req.valid('json'), by: c.get('keyId') }], c.req.valid('header')['idempotency-key']);
    return c.json(view, 200);
  })
  .openapi(fulfillmentEvent, async (c) => {
    const { orderId } = c.req.valid('param');
    const event = { ...c.req.valid('json'), by: c.get('keyId') };
    const handle = orderHandle(c, orderId);
    const result = await executeUpdate(handle, fulfillmentEventUpdate, [event], `fulfillment-${event.eventId}`);
    return c.json(result, 200);
  });
