import { TemporalFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, getExternalWorkflowHandle, startChild } from '@temporalio/workflow';
import type { OrderOutcome } from '../order/messages';
import type { Policy } from '../policy';
import { CustomerId, OrderId } from '../search-attributes';
import type { LineItem } from '../shared/types';
import { feedbackWorkflowId, orderReturnedSignal, type FeedbackInput } from './messages';
import { feedbackWorkflow } from './workflow';

/** Journey results that are asked for feedback: something arrived. */
const deliveredResults: OrderOutcome['result'][] = ['delivered', 'signed_for', 'partially_delivered'];

/**
 * The order journey's hand-off: a delivered order gets its feedback request, `feedback-<orderId>`, which outlives
 * the journey. Anything else (cancelled, not delivered) is not asked. Starting twice starts one request.
 */
export async function startFeedbackAfterDelivery(outcome: OrderOutcome, policy: Pick<Policy, 'feedback' | 'service' | 'activities'>): Promise<void> {
  if (!deliveredResults.includes(outcome.result)) return;
  await startRequest({
    orderId: outcome.orderId,
    customerId: outcome.customerId,
    origin: 'delivered',
    crossBorder: outcome.crossBorder,
    deliveredAt: outcome.deliveredAt,
    lines: outcome.items.map(({ sku, quantity }) => ({ sku, quantity })),
    parcels: outcome.parcels ?? [],
    policy,
  });
}

export interface ReturnEnded {
  orderId: string;
  customerId: string;
  rmaId: string;
  /** The order's lines (what the customer bought). */
  lines: LineItem[];
  /** The skus that went back: they are not asked "how do you like it". */
  returnedSkus: string[];
  /** The feedback and service groups of the return's policy (production defaults when left out). */
  policy?: Partial<Pick<Policy, 'feedback' | 'service' | 'activities'>>;
}

/**
 * For the return workflow, at its end: tells the order's feedback request which lines went back, or, when there
 * is none running (never started, or a journey from before feedback existed), starts one that asks about the
 * return. A request that already finished (answered or expired) is left alone: nobody is asked twice.
 */
export async function feedbackAfterReturn(ended: ReturnEnded): Promise<void> {
  try {
    await getExternalWorkflowHandle(feedbackWorkflowId(ended.orderId)).signal(orderReturnedSignal, { rmaId: ended.rmaId, skus: ended.returnedSkus });
    return;
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error; // no running request: start one below
  }
  await startRequest({
    orderId: ended.orderId,
    customerId: ended.customerId,
    origin: 'returned',
    crossBorder: false,
    lines: ended.lines,
    returnedSkus: ended.returnedSkus,
    parcels: [],
    policy: ended.policy ?? {},
  });
}

async function startRequest(input: FeedbackInput): Promise<void> {
  try {
    await startChild(feedbackWorkflow, {
      workflowId: feedbackWorkflowId(input.orderId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: OrderId, value: input.orderId },
        { key: CustomerId, value: input.customerId },
      ],
      staticSummary: `Feedback on order ${input.orderId} (${input.origin === 'returned' ? 'after a return' : input.crossBorder ? 'cross-border delivery' : 'domestic delivery'})`,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
