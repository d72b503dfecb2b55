import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { StepView } from '../shared/steps';
import type { TimelineEntry } from '../shared/types';

export type ServiceCasePolicy = Partial<Pick<Policy, 'service' | 'activities'>>;

export interface ServiceCaseInput {
  /** The case's business id; the workflow id is `service-<caseId>`. */
  caseId: string;
  customerId: string;
  orderId?: string;
  /** low_feedback: a feedback submission under the thresholds. complaint: the storefront opened it. */
  origin: 'low_feedback' | 'complaint';
  subject: string;
  description: string;
  policy: ServiceCasePolicy;
}

export type ServiceCaseStatus = 'opening' | 'open' | 'responded' | 'resolved' | 'closed';

export interface ServiceCaseView {
  caseId: string;
  customerId: string;
  orderId?: string;
  origin: ServiceCaseInput['origin'];
  status: ServiceCaseStatus;
  ticketId?: string;
  openedAt: string;
  firstResponseDueBy: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  resolution?: string;
  /** The customer's answer to "was this resolved?" (unanswered when the wait ran out). */
  customerAnswer?: 'resolved' | 'not_resolved' | 'unanswered';
  needsAttention: boolean;
  attentionReasons: string[];
  timeline: TimelineEntry[];
  steps: StepView[];
  completed: boolean;
}

/** Progress the helpdesk reports on the case's ticket; each eventId counts once. */
export interface HelpdeskEvent {
  eventId: string;
  type: 'first_response' | 'progress' | 'resolved';
  occurredAt: string;
  note?: string;
  /** Id of the API key that reported it (a fingerprint, never the key). */
  by?: string;
}

export interface CustomerAnswer {
  resolved: boolean;
  comment?: string;
}

export const serviceCaseWorkflowId = (caseId: string) => `service-${caseId}`;

export const serviceCaseQuery = defineQuery<ServiceCaseView>('serviceCase');
export const helpdeskEventUpdate = defineUpdate<ServiceCaseView, [HelpdeskEvent]>('helpdeskEvent');
export const customerAnswerUpdate = defineUpdate<ServiceCaseView, [CustomerAnswer]>('customerAnswer');

export const serviceRefusals = {
  caseClosed: 'case_closed',
  notAsked: 'question_not_asked',
  alreadyAnswered: 'already_answered',
} as const;
