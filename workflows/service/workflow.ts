import { msToNumber } from '@temporalio/common/lib/time';
import { allHandlersFinished, condition, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { resolvePolicy } from '../policy';
import { NeedsAttention } from '../search-attributes';
import { activityProfiles } from '../shared/activity-profiles';
import { createOperatorAlerts } from '../shared/alerts';
import { Background } from '../shared/background';
import { createNotifier } from '../shared/notifier';
import { refusal } from '../shared/refusal';
import { createSteps, operatorStepUpdate } from '../shared/steps';
import type { TimelineEntry } from '../shared/types';
import { caseDetails } from './details';
import {
  customerAnswerUpdate,
  helpdeskEventUpdate,
  serviceCaseQuery,
  serviceRefusals,
  type ServiceCaseInput,
  type ServiceCaseView,
} from './messages';

/**
 * A service follow-up, `service-<caseId>`: one helpdesk ticket, a first-response SLA that escalates to operators
 * when missed, the helpdesk's progress and resolution reported back, then one "was this resolved?" question.
 */
export async function serviceCaseWorkflow(input: ServiceCaseInput): Promise<ServiceCaseView> {
  const workflowId = workflowInfo().workflowId;
  const policy = resolvePolicy(input.policy);
  const { database, partner } = activityProfiles(policy.activities);
  const background = new Background();
  const openedAt = Date.now();
  const view: ServiceCaseView = {
    caseId: input.caseId,
    customerId: input.customerId,
    orderId: input.orderId,
    origin: input.origin,
    status: 'opening',
    openedAt: iso(openedAt),
    firstResponseDueBy: iso(openedAt + msToNumber(policy.service.firstResponseSla)),
    needsAttention: false,
    attentionReasons: [],
    timeline: [],
    steps: [],
    completed: false,
  };
  const seenEvents = new Set<string>();
  let questionAsked = false;
  let projectionVersion = 0;

  const record = (what: string, source: TimelineEntry['source'], detail?: string, by?: string) => view.timeline.push({ at: iso(Date.now()), what, source, detail, by });
  const flag = (reason: string) => {
    if (!view.attentionReasons.includes(reason)) view.attentionReasons.push(reason);
    view.needsAttention = true;
  };
  const unflag = (reason: string) => {
    view.attentionReasons = view.attentionReasons.filter((r) => r !== reason);
    view.needsAttention = view.attentionReasons.length > 0;
  };
  /** Search attributes, current details and the MySQL projection follow every change. */
  const publish = () => {
    upsertSearchAttributes([{ key: NeedsAttention, value: view.needsAttention }]);
    setCurrentDetails(caseDetails(view));
    // The projection needs the case's state, not its timeline or steps.
    background.add(database.projectServiceCase.executeWithOptions({ summary: `Project case ${input.caseId} (${view.status}) to MySQL` }, [{ version: ++projectionVersion, view: { ...view, timeline: [], steps: [] } }]));
  };
  const alertOperators = createOperatorAlerts({ workflowId, partner, track: background.add, flag });
  const steps = createSteps({ list: view.steps, stepAlertAfter: policy.activities.stepAlertAfter, alertOperators, track: background.add, changed: () => publish(), note: (what, detail) => record(what, 'aftercart', detail), unflag });
  const notify = createNotifier({
    workflowId,
    customerId: input.customerId,
    orderId: input.orderId ?? '',
    partner,
    track: background.add,
    onFailure: (template, reason) => record(`Could not send "${template}" to the customer`, 'aftercart', reason),
  });

  setHandler(serviceCaseQuery, () => view);
  setHandler(operatorStepUpdate, (action) => steps.apply(action), { validator: (action) => steps.refuse(action) });
  setHandler(
    helpdeskEventUpdate,
    (event) => {
      if (seenEvents.has(event.eventId)) return view;
      seenEvents.add(event.eventId);
      record(`Helpdesk: ${event.type.replace(/_/g, ' ')}`, 'operator', event.note, event.by);
      if (!view.firstRespondedAt) {
        // Any answer from the helpdesk, a resolution included, is the first response.
        view.firstRespondedAt = event.occurredAt;
        unflag('first_response_overdue');
        if (view.status === 'opening' || view.status === 'open') view.status = 'responded';
      }
      if (event.type === 'resolved' && !view.resolvedAt) {
        view.resolvedAt = event.occurredAt;
        view.resolution = event.note;
        view.status = 'resolved';
        unflag('resolution_overdue');
      }
      publish();
      return view;
    },
    { validator: (_request) => {
      if (view.status === 'closed') throw refusal(serviceRefusals.caseClosed, 'this case is closed');
    } },
  );
  setHandler(
    customerAnswerUpdate,
    (answer) => {
      view.customerAnswer = answer.resolved ? 'resolved' : 'not_resolved';
      record(answer.resolved ? 'Customer confirmed the issue is resolved' : 'Customer says the issue is not resolved', 'aftercart', answer.comment);
      if (!answer.resolved) alertOperators('customer_says_unresolved', `case ${input.caseId}: the customer says the issue is not resolved`);
      publish();
      return view;
    },
    { validator: (_request) => {
      if (view.customerAnswer) throw refusal(serviceRefusals.alreadyAnswered, 'this question has already been answered');
      if (!questionAsked) throw refusal(serviceRefusals.notAsked, 'the case is not resolved yet; there is nothing to answer');
    } },
  );

  record(input.origin === 'complaint' ? 'Complaint received' : 'Opened from a low feedback score', input.origin === 'complaint' ? 'storefront' : 'aftercart', input.subject);
  publish();

  // First-response and resolution SLAs: missed ones flag the case and alert operators; the case stays open.
  background.add(
    (async () => {
      if (await condition(() => !!view.firstRespondedAt, msToNumber(policy.service.firstResponseSla))) return;
      record('First-response deadline missed', 'aftercart', `due ${view.firstResponseDueBy}`);
      alertOperators('first_response_overdue', `case ${input.caseId}: the helpdesk has not answered the customer by ${view.firstResponseDueBy}`, '', 'critical');
      publish();
    })(),
  );
  background.add(
    (async () => {
      if (await condition(() => !!view.resolvedAt, msToNumber(policy.service.resolutionSla))) return;
      record('Resolution deadline missed', 'aftercart');
      alertOperators('resolution_overdue', `case ${input.caseId} is not resolved within ${policy.service.resolutionSla}`);
      publish();
    })(),
  );

  await steps.run({
    stepId: 'open-ticket',
    kind: 'helpdesk_ticket',
    what: 'Open the helpdesk ticket',
    attempt: (suffix) =>
      partner.openTicket.executeWithOptions({ summary: `Open a helpdesk ticket for case ${input.caseId}` }, [
        {
          idempotencyKey: `${workflowId}:ticket${suffix}`,
          workflowId,
          caseId: input.caseId,
          customerId: input.customerId,
          subject: input.subject,
          description: input.description,
          priority: input.origin === 'complaint' ? 'high' : 'normal',
          tags: ['aftercart', input.origin, ...(input.orderId ? [`order-${input.orderId}`] : [])],
        },
      ]),
    succeeded: ({ ticketId }) => {
      view.ticketId = ticketId;
      record(`Helpdesk ticket ${ticketId} opened`, 'aftercart');
      notify('service_case_opened', '', { ticketId });
    },
  });
  if (view.status === 'opening') view.status = 'open';
  publish();

  await condition(() => !!view.resolvedAt);
  questionAsked = true;
  notify('service_resolved_question', '', { ticketId: view.ticketId ?? input.caseId }, { scope: 'service', caseId: input.caseId });
  publish();
  if (!(await condition(() => !!view.customerAnswer, msToNumber(policy.service.answerWait)))) {
    view.customerAnswer = 'unanswered';
    record('The customer did not answer whether the issue was resolved', 'aftercart');
  }
  view.status = 'closed';
  publish();
  await background.settle();
  await condition(allHandlersFinished);
  view.completed = true;
  setCurrentDetails(caseDetails(view));
  return view;
}

const iso = (ms: number) => new Date(ms).toISOString();
