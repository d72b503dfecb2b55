import type { Partners } from '../adapters/partners';

export interface OperatorAlert {
  idempotencyKey: string;
  workflowId: string;
  kind: string;
  summary: string;
  severity: 'warning' | 'critical';
}

/** Alerts to the operators' tool (pager, chat), once per key. */
export function createOperatorActivities({ partners }: { partners: Partners }) {
  return {
    async alertOperators(request: OperatorAlert): Promise<void> {
      await partners.alert(request.idempotencyKey, request.workflowId, request);
    },
  };
}
