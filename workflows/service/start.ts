import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { CustomerId, NeedsAttention, OrderId } from '../search-attributes';
import { serviceCaseWorkflowId, type ServiceCaseInput } from './messages';
import { serviceCaseWorkflow } from './workflow';

/**
 * Opens a service follow-up from another workflow (a low feedback score). The case outlives its starter, and
 * its id derives from the case id, so asking twice opens one case (and so one ticket).
 */
export async function startServiceCase(input: ServiceCaseInput): Promise<string> {
  const workflowId = serviceCaseWorkflowId(input.caseId);
  try {
    await startChild(serviceCaseWorkflow, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: CustomerId, value: input.customerId },
        ...(input.orderId ? [{ key: OrderId, value: input.orderId }] : []),
        { key: NeedsAttention, value: false },
      ],
      staticSummary: serviceCaseSummary(input),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return workflowId;
}

export function serviceCaseSummary(input: Pick<ServiceCaseInput, 'caseId' | 'origin' | 'orderId'>): string {
  const why = input.origin === 'complaint' ? 'complaint' : 'low feedback score';
  return `Service case ${input.caseId}: ${why}${input.orderId ? ` on order ${input.orderId}` : ''}`;
}
