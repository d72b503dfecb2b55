import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Context } from 'hono';
import { customerStart, tellCustomer } from '../../../activities/customer/signal';
import { customerViewQuery, customerWorkflowId, eraseCustomerUpdate, redeemPointsUpdate, type CustomerEvent } from '../../../workflows/customer/messages';
import type { customerWorkflow } from '../../../workflows/customer/workflow';
import { byKey, byKeyOrLinkToken } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { ProblemError } from '../../problem';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { ConsentSchema, CustomerIdParam, CustomerViewSchema, ErasureSchema, RedemptionResultSchema, RedemptionSchema } from '../../schemas/customers';

const getCustomer = createRoute({
  method: 'get',
  path: '/v1/customers/{customerId}',
  tags: ['customers'],
  summary: 'Segment and RFM scores with why, loyalty balance and tier, consent, pending outreach',
  ...byKey('storefront', 'operator'),
  request: { params: CustomerIdParam },
  responses: { ...keyProblems, 200: jsonContent(CustomerViewSchema, 'The customer as their entity workflow sees them'), 404: problemContent('No customer workflow for this id yet') },
});

const putConsent = createRoute({
  method: 'put',
  path: '/v1/customers/{customerId}/consent',
  tags: ['customers'],
  summary: 'Marketing consent per channel (opt in, withdraw); a withdrawal cancels pending outreach at once',
  ...byKeyOrLinkToken({ scope: 'consent', subjectParam: 'customerId' }, 'storefront'),
  request: { params: CustomerIdParam, body: jsonBody(ConsentSchema) },
  responses: { ...keyProblems, 200: jsonContent(CustomerViewSchema, 'Consent as it now stands'), 400: problemContent('Invalid body; `errors` names each field') },
});

const unsubscribe = createRoute({
  method: 'post',
  path: '/v1/customers/{customerId}/unsubscribe',
  tags: ['customers'],
  summary: 'One-click unsubscribe (RFC 8058): withdraws marketing consent on every channel',
  description: 'The target of the List-Unsubscribe header of marketing email (with List-Unsubscribe-Post: List-Unsubscribe=One-Click). Mail providers POST `List-Unsubscribe=One-Click`; the body is not needed. Transactional messages are unaffected.',
  ...byKeyOrLinkToken({ scope: 'consent', subjectParam: 'customerId' }, 'storefront'),
  request: { params: CustomerIdParam },
  responses: { ...keyProblems, 200: jsonContent(z.object({ customerId: z.string(), unsubscribed: z.literal(true) }), 'Unsubscribed from all marketing') },
});

const eraseCustomer = createRoute({
  method: 'delete',
  path: '/v1/customers/{customerId}',
  tags: ['customers'],
  summary: 'Right to erasure: stop outreach, erase personal data, keep anonymized facts; answers what was erased',
  ...byKey('operator'),
  request: { params: CustomerIdParam },
  responses: { ...keyProblems, 200: jsonContent(ErasureSchema, 'Erased (a repeat answers with the first erasure)') },
});

const redeem = createRoute({
  method: 'post',
  path: '/v1/customers/{customerId}/loyalty/redemptions',
  tags: ['customers'],
  summary: 'Redeem loyalty points; refused above the balance',
  ...byKey('storefront'),
  request: { params: CustomerIdParam, body: jsonBody(RedemptionSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(RedemptionResultSchema, 'Redeemed; the balance left (a repeated redemptionId answers the first result)'),
    400: problemContent('Invalid body; `errors` names each field'),
    409: problemContent('Refused; `reason` says why (insufficient_points, customer_erased)'),
  },
});

function customerHandle(c: Context<AppEnv>, customerId: string) {
  const workflowId = customerWorkflowId(customerId);
  c.set('workflowId', workflowId);
  return c.get('deps').temporal.workflow.getHandle(workflowId);
}

function tell(c: Context<AppEnv>, customerId: string, event: CustomerEvent) {
  const { config, temporal } = c.get('deps');
  c.set('workflowId', customerWorkflowId(customerId));
  return tellCustomer(temporal, { taskQueue: config.temporal.taskQueue, policy: config.policy }, customerId, event);
}

/** An update that starts the customer's workflow when it is not running; a validator's refusal is a 409. */
async function updateWithStart<Ret, Arg>(c: Context<AppEnv>, customerId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, updateId?: string): Promise<Ret> {
  const { config, temporal } = c.get('deps');
  c.set('workflowId', customerWorkflowId(customerId));
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof customerWorkflow>('customerWorkflow', {
    ...customerStart({ taskQueue: config.temporal.taskQueue, policy: config.policy }, customerId),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    return await temporal.workflow.executeUpdateWithStart(update, { args: [arg], updateId, startWorkflowOperation });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      throw new ProblemError({ title: 'Conflict', status: 409, reason: error.cause.type ?? 'refused', detail: error.cause.message });
    }
    throw error;
  }
}

const now = () => new Date().toISOString();
const eventId = (what: string) => `${what}:${crypto.randomUUID()}`;

export const customersApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getCustomer, async (c) => {
    const { customerId } = c.req.valid('param');
    return c.json(await customerHandle(c, customerId).query(customerViewQuery), 200);
  })
  .openapi(putConsent, async (c) => {
    const { customerId } = c.req.valid('param');
    const { channels, timeZone } = c.req.valid('json');
    const source = c.get('actor') === 'customer' ? 'customer' : 'storefront';
    await tell(c, customerId, { type: 'consent_changed', eventId: eventId('consent'), at: now(), channels, timeZone, source });
    return c.json(await customerHandle(c, customerId).query(customerViewQuery), 200);
  })
  .openapi(unsubscribe, async (c) => {
    const { customerId } = c.req.valid('param');
    await tell(c, customerId, { type: 'consent_changed', eventId: eventId('unsubscribe'), at: now(), channels: { email: false, sms: false, push: false }, source: 'unsubscribe_link' });
    return c.json({ customerId, unsubscribed: true as const }, 200);
  })
  .openapi(eraseCustomer, async (c) => {
    const { customerId } = c.req.valid('param');
    const result = await updateWithStart(c, customerId, eraseCustomerUpdate, { by: c.get('keyId') }, `erase-${customerId}`);
    return c.json(result, 200);
  })
  .openapi(redeem, async (c) => {
    const { customerId } = c.req.valid('param');
    const request = { ...c.req.valid('json'), by: c.get('keyId') };
    const result = await updateWithStart(c, customerId, redeemPointsUpdate, request, `redeem-${request.redemptionId}`);
    return c.json(result, 200);
  });
