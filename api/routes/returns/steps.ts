import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { returnWorkflowId } from '../../../workflows/returns/messages';
import { operatorStepUpdate } from '../../../workflows/shared/steps';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { OperatorStepActionSchema, StepViewSchema } from '../../schemas/orders';
import { RmaIdParam } from '../../schemas/returns';
import { executeUpdate } from '../../temporal';

const actOnStep = createRoute({
  method: 'post',
  path: '/v1/returns/{rmaId}/steps/{stepId}',
  tags: ['operators'],
  summary: 'Retry or settle a refused step of a return (refund, store-credit, restock, return-label)',
  description: '`retry` starts a new attempt under a new idempotency key, only for a refused step (which moved nothing); `settle` marks it resolved by hand with a note. The same is the `operatorStep` update in the Temporal UI.',
  ...byKey('operator'),
  request: { params: RmaIdParam.extend({ stepId: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be a step id from the return view').openapi({ param: { name: 'stepId', in: 'path' } }) }), body: jsonBody(OperatorStepActionSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(StepViewSchema, 'The step as it now is (a retry is running)'),
    400: problemContent('Invalid body; `errors` names each field'),
    404: problemContent('Unknown return'),
    409: problemContent('Refused; `reason` says why (unknown_step, step_not_failed, note_required, journey_completed)'),
  },
});

export const returnStepsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(actOnStep, async (c) => {
  const { rmaId, stepId } = c.req.valid('param');
  c.set('workflowId', returnWorkflowId(rmaId));
  const handle = c.get('deps').temporal.workflow.getHandle(returnWorkflowId(rmaId));
  return c.json(await executeUpdate(handle, operatorStepUpdate, [{ stepId, ...c.req.valid('json') }]), 200);
});
