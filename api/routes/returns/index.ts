import { createHash, randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { returnFromRecords } from '../../../activities/returns/records';
import { decideReturnRequest } from '../../../activities/returns/requests';
import { policyGroups, resolvePolicy } from '../../../workflows/policy';
import { recordReceiptUpdate, returnStatusQuery, returnWorkflowId, reviewReturnUpdate, type ReturnInput } from '../../../workflows/returns/messages';
import type { returnWorkflow } from '../../../workflows/returns/workflow';
import { CustomerId, OrderId, ReturnStatus } from '../../../workflows/search-attributes';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { ProblemError, problems, type Problem } from '../../problem';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { CreateReturnSchema, IneligibleSchema, ReceiptSchema, ReturnAnswerSchema, ReturnViewSchema, ReviewSchema, RmaIdParam } from '../../schemas/returns';
import { executeUpdate, requestHash } from '../../temporal';

const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(128).optional().openapi({ description: 'Repeat-safe key; repeats are answered with the first answer.' }),
});

const requestReturn = createRoute({
  method: 'post',
  path: '/v1/returns',
  tags: ['returns'],
  summary: 'Request a return; answered at once: approved, held for review, or ineligible with every reason',
  ...byKey('storefront'),
  request: { headers: idempotencyHeader, body: jsonBody(CreateReturnSchema) },
  responses: {
    ...keyProblems,
    201: jsonContent(ReturnAnswerSchema, 'Approved; the label follows'),
    202: jsonContent(ReturnAnswerSchema, 'Held for an operator’s review (why, and until when)'),
    400: problemContent('Invalid body; `errors` names each field'),
    404: problemContent('Unknown order'),
    409: problemContent('The same RMA id or Idempotency-Key with a different body'),
    422: { description: 'Ineligible: `reasons` lists every reason with its data', content: { 'application/problem+json': { schema: IneligibleSchema } } },
  },
});

const getReturn = createRoute({
  method: 'get',
  path: '/v1/returns/{rmaId}',
  tags: ['returns'],
  summary: 'Status, lines, conditions, money and stock outcome, and timeline of a return',
  ...byKey('storefront', 'operator'),
  request: { params: RmaIdParam },
  responses: { ...keyProblems, 200: jsonContent(ReturnViewSchema, 'The return as it stands'), 404: problemContent('Unknown return') },
});

const reviewReturn = createRoute({
  method: 'post',
  path: '/v1/returns/{rmaId}/review',
  tags: ['returns'],
  summary: 'Approve or reject a return held for review (a rejection tells the customer why)',
  ...byKey('operator'),
  request: { params: RmaIdParam, headers: idempotencyHeader, body: jsonBody(ReviewSchema) },
  responses: { ...keyProblems, 200: jsonContent(ReturnViewSchema, 'Decided'), 400: problemContent('Invalid body'), 404: problemContent('Unknown return'), 409: problemContent('Refused; `reason` says why (not_pending_review, reason_required)') },
});

const recordReceipt = createRoute({
  method: 'post',
  path: '/v1/returns/{rmaId}/receipt',
  tags: ['returns'],
  summary: 'The warehouse received the return: condition per unit (resellable, damaged, missing, wrong_item); repeat-safe',
  ...byKey('warehouse'),
  request: { params: RmaIdParam, body: jsonBody(ReceiptSchema) },
  responses: {
    ...keyProblems,
    200: jsonContent(ReturnViewSchema, 'Recorded (a repeat of the same receipt is answered the same)'),
    400: problemContent('Invalid body'),
    404: problemContent('Unknown return'),
    409: problemContent('Refused; `reason` says why (not_awaiting_receipt, receipt_already_recorded, unknown_sku, more_units_than_returned)'),
  },
});

function returnHandle(c: Context<AppEnv>, rmaId: string) {
  const workflowId = returnWorkflowId(rmaId);
  c.set('workflowId', workflowId);
  return c.get('deps').temporal.workflow.getHandle(workflowId);
}

/** Starts the return's workflow once; a repeat (or a retry after a crash before the start) finds it running. */
async function startReturn(c: Context<AppEnv>, input: ReturnInput): Promise<void> {
  const { config, temporal } = c.get('deps');
  try {
    await temporal.workflow.start<typeof returnWorkflow>('returnWorkflow', {
      workflowId: returnWorkflowId(input.rmaId),
      taskQueue: config.temporal.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: OrderId, value: input.orderId },
        { key: CustomerId, value: input.customerId },
        { key: ReturnStatus, value: input.decision.status },
      ],
      staticSummary: `Return ${input.rmaId} of order ${input.orderId}: ${input.lines.reduce((n, l) => n + l.quantity, 0)} unit(s), ${input.resolution.type.replace('_', ' ')}`,
    });
    c.get('metrics').journeysStarted.inc({ kind: 'return' });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

export const returnsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(requestReturn, async (c) => {
    const body = c.req.valid('json');
    const idempotencyKey = c.req.valid('header')['idempotency-key'];
    const { config, orm } = c.get('deps');
    const rmaId = body.rmaId ?? (idempotencyKey ? `R${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 20)}` : `R${randomUUID().replace(/-/g, '').slice(0, 20)}`);
    c.set('workflowId', returnWorkflowId(rmaId));
    const outcome = await decideReturnRequest(orm, {
      rmaId,
      orderId: body.orderId,
      lines: body.lines,
      resolution: body.resolution,
      idempotencyKey,
      requestHash: requestHash({ ...body, rmaId }),
      policy: policyGroups(resolvePolicy(config.policy, body.policy), 'returns', 'order', 'shipment', 'activities'),
      by: c.get('keyId'),
    });
    if (outcome.kind === 'unknown_order') throw problems.notFound(`There is no order ${body.orderId}.`);
    if (outcome.kind === 'conflict') throw problems.conflict('id_reused_with_different_body', outcome.detail);
    if (outcome.start) await startReturn(c, outcome.start);
    const { status, body: answer } = outcome.answer;
    if (status === 422) throw new ProblemError(answer as Problem);
    return c.json(answer as z.infer<typeof ReturnAnswerSchema>, status as 201 | 202);
  })
  .openapi(getReturn, async (c) => {
    const { rmaId } = c.req.valid('param');
    try {
      return c.json(await returnHandle(c, rmaId).query(returnStatusQuery), 200);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    // Refused requests have no workflow, and a finished one's history is gone after retention: MySQL answers.
    const recorded = await returnFromRecords(c.get('deps').orm, rmaId);
    if (!recorded) throw problems.notFound(`There is no return ${rmaId}.`);
    return c.json(recorded as z.infer<typeof ReturnViewSchema>, 200);
  })
  .openapi(reviewReturn, async (c) => {
    const { rmaId } = c.req.valid('param');
    const view = await executeUpdate(returnHandle(c, rmaId), reviewReturnUpdate, [{ ...c.req.valid('json'), by: c.get('keyId') }], c.req.valid('header')['idempotency-key']);
    return c.json(view, 200);
  })
  .openapi(recordReceipt, async (c) => {
    const { rmaId } = c.req.valid('param');
    const receipt = { ...c.req.valid('json'), by: c.get('keyId') };
    const view = await executeUpdate(returnHandle(c, rmaId), recordReceiptUpdate, [receipt], `receipt-${receipt.receiptId}`);
    return c.json(view, 200);
  });
