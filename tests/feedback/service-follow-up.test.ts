import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../entities';
import type { ServiceCaseView } from '../../workflows/service/messages';
import { asKey, createHarness, eventually, listWorkflows, uniqueId, type Harness } from '../support/harness';
import { answers, feedbackSteps, feedbackTokenIn } from './support';

let h: Harness;
let f: ReturnType<typeof feedbackSteps>;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: { feedback: { askAfterDomestic: '1 hour' }, service: { firstResponseSla: '2 seconds', resolutionSla: '1 hour', answerWait: '1 minute' } },
  });
  f = feedbackSteps(h);
});
afterAll(() => h?.close());

const ticketsFor = (caseId: string) => h.partners.effectsOf('helpdesk').filter((t) => (t.body.ticket as { external_id: string }).external_id === caseId);
const alertsFor = (workflowId: string, kind: string) => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === workflowId && a.body.kind === kind);
const messagesOf = (workflowId: string, template: string) => h.partners.effectsOf('notifications').filter((m) => m.idempotencyKey?.startsWith(`${workflowId}:notify:${template}`));
const getCase = async (caseId: string) => (await h.api<ServiceCaseView>('GET', `/v1/service-cases/${caseId}`)).body;
const helpdesk = (caseId: string, type: string, eventId = uniqueId('hd')) =>
  h.api<ServiceCaseView>('POST', `/v1/service-cases/${caseId}/events`, { eventId, type, occurredAt: new Date().toISOString(), note: `helpdesk says ${type}` }, asKey('operator'));

describe('service follow-up', () => {
  it('a low score opens exactly one ticket and a case whose first-response SLA escalates to operators', async () => {
    const { orderId } = await f.deliveredOrder();
    const token = f.token(orderId);
    const submitted = await f.submit(token, answers({ delivery: 1, nps: 3, comment: 'The box was crushed.' }));
    expect(submitted.status).toBe(201);
    expect(submitted.body.lowScore).toBe(true);
    expect((await f.submit(token, answers({ delivery: 1 }))).status).toBe(409);

    const caseId = `feedback-${orderId}`;
    const workflowId = `service-${caseId}`;
    const [ticket] = await eventually(() => {
      const tickets = ticketsFor(caseId);
      expect(tickets).toHaveLength(1);
      return tickets;
    });
    expect(ticket!.idempotencyKey).toBe(`${workflowId}:ticket`);
    expect(JSON.stringify(ticket!.body)).toContain('delivery rated 1/5');
    expect(JSON.stringify(ticket!.body)).toContain('NPS 3/10');
    expect(await f.feedbackHandle(orderId).result()).toMatchObject({ status: 'submitted', serviceCaseId: caseId, lowScoreReasons: ['delivery rated 1/5', 'NPS 3/10'] });

    // Nobody at the helpdesk answers within the SLA: the case needs attention and operators are told, once.
    const overdue = await eventually(async () => {
      const view = await getCase(caseId);
      expect(view).toMatchObject({ status: 'open', needsAttention: true, attentionReasons: ['first_response_overdue'] });
      return view;
    }, 10_000);
    expect(overdue.ticketId).toBe((ticket!.response.ticket as { id: string }).id);
    await eventually(() => expect(alertsFor(workflowId, 'first_response_overdue')).toHaveLength(1));
    await eventually(async () => expect((await listWorkflows(h, `NeedsAttention = true AND OrderId = '${orderId}'`)).map((w) => w.workflowId)).toEqual([workflowId]));
    await eventually(async () => expect(await h.orm.em.fork().findOne(ServiceCase, { id: caseId })).toMatchObject({ needsAttention: true, ticketId: overdue.ticketId }));

    // The helpdesk reports back: the flag drops; a repeated event changes nothing.
    const responded = await helpdesk(caseId, 'first_response', 'hd-1');
    expect(responded.status).toBe(200);
    expect(responded.body).toMatchObject({ status: 'responded', needsAttention: false });
    expect((await helpdesk(caseId, 'first_response', 'hd-1')).body.timeline.filter((e) => e.what === 'Helpdesk: first response')).toHaveLength(1);
    expect((await helpdesk(caseId, 'resolved')).body.status).toBe('resolved');

    // One "was this resolved?" question, through a signed link to the feedback page.
    const [question] = await eventually(() => {
      const sent = messagesOf(workflowId, 'service_resolved_question');
      expect(sent).toHaveLength(1);
      return sent;
    });
    const answerToken = feedbackTokenIn(question!.body as { body: string });
    expect(await (await h.request(`/feedback/${answerToken}`)).text()).toContain('Was your issue resolved?');
    expect((await h.request(`/v1/service-cases/${caseId}/answer?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"resolved":true}' })).status).toBe(401); // a feedback token is not an answer token
    const answered = await h.request(`/v1/service-cases/${caseId}/answer?token=${answerToken}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"resolved":true}' });
    expect(answered.status).toBe(200);
    const closed = (await h.client.workflow.getHandle(workflowId).result()) as ServiceCaseView;
    expect(closed).toMatchObject({ status: 'closed', customerAnswer: 'resolved', needsAttention: false });
    await eventually(async () => expect(await h.orm.em.fork().findOne(ServiceCase, { id: caseId })).toMatchObject({ status: 'closed', customerAnswer: 'resolved', needsAttention: false }));
    expect(ticketsFor(caseId)).toHaveLength(1);
    expect(messagesOf(workflowId, 'service_resolved_question')).toHaveLength(1);
  });

  it('a good score opens no case', async () => {
    const { orderId } = await f.deliveredOrder();
    expect((await f.submit(f.token(orderId), answers())).status).toBe(201);
    expect(await f.feedbackHandle(orderId).result()).toMatchObject({ status: 'submitted', lowScoreReasons: [] });
    expect(ticketsFor(`feedback-${orderId}`)).toHaveLength(0);
  });

  it('the storefront opens a complaint: one case per complaint id, one high-priority ticket', async () => {
    const { body: order } = await f.deliveredOrder();
    const customerId = order.customer.id;
    const complaint = { complaintId: uniqueId('cmp'), orderId: order.orderId, subject: 'Wrong colour', message: 'I ordered a blue mug and got a red one.' };
    const opened = await h.api('POST', `/v1/customers/${customerId}/complaints`, complaint, asKey('storefront'));
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ caseId: `complaint-${complaint.complaintId}`, workflowId: `service-complaint-${complaint.complaintId}` });
    expect((await h.api('POST', `/v1/customers/${customerId}/complaints`, complaint, asKey('storefront'))).status).toBe(200);
    const changed = await h.api('POST', `/v1/customers/${customerId}/complaints`, { ...complaint, message: 'something else' }, asKey('storefront'));
    expect(changed.status).toBe(409);
    expect((await h.api('POST', `/v1/customers/nobody-${uniqueId('c')}/complaints`, complaint, asKey('storefront'))).status).toBe(404);
    expect((await h.api('POST', `/v1/customers/${customerId}/complaints`, { ...complaint, subject: '' }, asKey('storefront'))).body.errors).toEqual([{ field: 'subject', reason: expect.any(String) }]);

    const caseId = `complaint-${complaint.complaintId}`;
    await eventually(() => expect(ticketsFor(caseId).map((t) => (t.body.ticket as { priority: string }).priority)).toEqual(['high']));
    const early = await h.api('POST', `/v1/service-cases/${caseId}/answer`, { resolved: true }, asKey('operator'));
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('question_not_asked');

    await helpdesk(caseId, 'resolved');
    await eventually(() => expect(messagesOf(`service-${caseId}`, 'service_resolved_question')).toHaveLength(1));
    expect((await h.api('POST', `/v1/service-cases/${caseId}/answer`, { resolved: false, comment: 'Still red.' }, asKey('operator'))).status).toBe(200);
    expect(await h.client.workflow.getHandle(`service-${caseId}`).result()).toMatchObject({ customerAnswer: 'not_resolved', attentionReasons: ['customer_says_unresolved'] });
    expect(alertsFor(`service-${caseId}`, 'customer_says_unresolved')).toHaveLength(1);
    expect(ticketsFor(caseId)).toHaveLength(1);
  });
});
