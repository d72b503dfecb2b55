import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { orderWorkflowId } from '../../../workflows/order/messages';
import { operatorStepUpdate } from '../../../workflows/shared/steps';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { jsonBody, jsonContent, problemContent } from '../../schemas/common';
import { OperatorStepActionSchema, StepIdParam, StepViewSchema } from '../../schemas/orders';
import { executeUpdate } from '../../temporal';

const actOnStep = createRoute({
  method: 'post',
  path: '/v1/orders/{orderId}/steps/{stepId}',
  tags: ['operators'],
  summary: "Retry or settle a refused step of an order journey (e.g. a refund the payments partner refused)",
  description:
    'Operators only (a key with the operator scope). `retry` starts a new attempt under a new idempotency key; it is allowed only for a refused step, which moved no money. `settle` marks it resolved by hand with a note. The same is the `operatorStep` update in the Temporal UI.',
  ...byKey('operator'),
  request: { params: StepIdParam, body: jsonBody(OperatorStepActionSchema) },
  responses: {
    200: jsonContent(StepViewSchema, 'The step as it now is (a retry is running)'),
    400: problemContent('Invalid body; `errors` names each field'),
    401: problemContent('Missing or invalid API key'),
    403: problemContent('The key lacks the operator scope'),
    404: problemContent('Unknown order'),
    409: problemContent('Refused; `reason` says why (unknown_step, step_not_failed, note_required, journey_completed)'),
  },
});

export const orderStepsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(actOnStep, async (c) => {
  const { orderId, stepId } = c.req.valid('param');
  const handle = c.get('deps').temporal.workflow.getHandle(orderWorkflowId(orderId));
  const step = await executeUpdate(handle, operatorStepUpdate, [{ stepId, ...c.req.valid('json') }]);
  return c.json(step, 200);
});
