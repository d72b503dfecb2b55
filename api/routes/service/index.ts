import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Customer } from '../../../entities';
import { policyGroups } from '../../../workflows/policy';
import { CustomerId, NeedsAttention, OrderId } from '../../../workflows/search-attributes';
import { customerAnswerUpdate, helpdeskEventUpdate, serviceCaseQuery, serviceCaseWorkflowId, type ServiceCaseInput } from '../../../workflows/service/messages';
import { serviceCaseSummary } from '../../../workflows/service/start';
import type { serviceCaseWorkflow } from '../../../workflows/service/workflow';
import { byKey, byKeyOrLinkToken } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { problems } from '../../problem';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { CaseAcceptedSchema, CaseIdParam, ComplaintSchema, CustomerAnswerSchema, CustomerIdParam, HelpdeskEventSchema, ServiceCaseViewSchema } from '../../schemas/feedback';
import { LinkTokenQuery } from '../../schemas/shipments';
import { executeUpdate, requestHash, startIdempotently } from '../../temporal';

const openComplaint = createRoute({
  method: 'post',
  path: '/v1/customers/{customerId}/complaints',
  tags: ['service'],
  summary: 'Open a service case: one helpdesk ticket and a first-response SLA',
  ...byKey('storefront'),
  request: { params: CustomerIdParam, body: jsonBody(ComplaintSchema) },
  responses: {
    ...keyProblems,
    201: jsonContent(CaseAcceptedSchema, 'Case opened'),
    200: jsonContent(CaseAcceptedSchema, 'Same complaintId and body as before: the same case'),
    400: problemContent('Invalid body; `errors` names each field'),
    404: problemContent('Unknown customer (no order on record, so no contact details)'),
    409: problemContent('Same complaintId with a different body'),
  },
});

const getCase = createRoute({
  method: 'get',
  path: '/v1/service-cases/{caseId}',
  tags: ['service'],
  summary: 'A service case: ticket, SLA, progress, resolution and the customer\'s answer',
  ...byKey('storefront', 'operator'),
  request: { params: CaseIdParam },
  responses: { ...keyProblems, 200: jsonContent(ServiceCaseViewSchema, 'The case as it stands'), 404: problemContent('Unknown case') },
});

const helpdeskEvent = createRoute({
  method: 'post',
  path: '/v1/service-cases/{caseId}/events',
  tags: ['service'],
  summary: "The helpdesk's progress on the case's ticket: first_response, progress, resolved (each eventId once)",
  ...byKey('operator'),
  request: { params: CaseIdParam, body: jsonBody(HelpdeskEventSchema) },
  responses: { ...keyProblems, 200: jsonContent(ServiceCaseViewSchema, 'Accepted'), 404: problemContent('Unknown case'), 409: problemContent('Refused; `reason` says why (case_closed, journey_completed)') },
});

const customerAnswer = createRoute({
  method: 'post',
  path: '/v1/service-cases/{caseId}/answer',
  tags: ['service'],
  summary: 'The customer\'s answer to "was this resolved?" (customer link or operator)',
  ...byKeyOrLinkToken({ scope: 'service', subjectParam: 'caseId' }, 'operator'),
  request: { params: CaseIdParam, query: LinkTokenQuery, body: jsonBody(CustomerAnswerSchema) },
  responses: { ...keyProblems, 200: jsonContent(ServiceCaseViewSchema, 'Recorded'), 404: problemContent('Unknown case'), 409: problemContent('Refused; `reason` says why (question_not_asked, already_answered)') },
});

function caseHandle(c: Context<AppEnv>, caseId: string) {
  const workflowId = serviceCaseWorkflowId(caseId);
  c.set('workflowId', workflowId);
  return c.get('deps').temporal.workflow.getHandle(workflowId);
}

export const serviceApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(openComplaint, async (c) => {
    const { customerId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { config, temporal, orm } = c.get('deps');
    if (!(await orm.em.fork().findOne(Customer, { id: customerId }))) throw problems.notFound(`No customer ${customerId} on record.`);
    const caseId = `complaint-${body.complaintId}`;
    const input: ServiceCaseInput = {
      caseId,
      customerId,
      orderId: body.orderId,
      origin: 'complaint',
      subject: body.subject,
      description: body.message,
      policy: policyGroups(config.policy, 'service', 'activities'),
    };
    const workflowId = serviceCaseWorkflowId(caseId);
    c.set('workflowId', workflowId);
    const { created } = await startIdempotently<typeof serviceCaseWorkflow>(
      temporal,
      'serviceCaseWorkflow',
      {
        workflowId,
        taskQueue: config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: CustomerId, value: customerId }, ...(body.orderId ? [{ key: OrderId, value: body.orderId }] : []), { key: NeedsAttention, value: false }],
        staticSummary: serviceCaseSummary(input),
      },
      requestHash({ customerId, ...body }),
    );
    return c.json({ caseId, workflowId, links: { self: `/v1/service-cases/${caseId}` } }, created ? 201 : 200);
  })
  .openapi(getCase, async (c) => c.json(await caseHandle(c, c.req.valid('param').caseId).query(serviceCaseQuery), 200))
  .openapi(helpdeskEvent, async (c) => {
    const handle = caseHandle(c, c.req.valid('param').caseId);
    const event = c.req.valid('json');
    return c.json(await executeUpdate(handle, helpdeskEventUpdate, [{ ...event, by: c.get('keyId') }], `helpdesk-${event.eventId}`), 200);
  })
  .openapi(customerAnswer, async (c) => {
    const handle = caseHandle(c, c.req.valid('param').caseId);
    return c.json(await executeUpdate(handle, customerAnswerUpdate, [c.req.valid('json')]), 200);
  });
