import type { PartnerActivities } from './activity-profiles';

export type AlertSeverity = 'warning' | 'critical';

/** Raises an operator alert of a kind (machine-readable), once per (kind, scope) for the workflow. */
export type AlertOperators = (kind: string, summary: string, scope?: string, severity?: AlertSeverity) => void;

/**
 * Flags the workflow and alerts operators once per (kind, scope): the key derives from the workflow id, so a
 * retried or replayed alert reaches the operators' tool once.
 */
export function createOperatorAlerts(options: {
  workflowId: string;
  partner: PartnerActivities;
  /** Where the alert runs; the workflow awaits these before it completes. */
  track: (work: Promise<unknown>) => void;
  flag: (reason: string) => void;
}): AlertOperators {
  return (kind, summary, scope = '', severity = 'warning') => {
    options.flag(kind);
    options.track(
      options.partner.alertOperators.executeWithOptions({ summary: `Alert operators: ${summary}` }, [
        { idempotencyKey: `${options.workflowId}:alert:${kind}${scope ? `:${scope}` : ''}`, workflowId: options.workflowId, kind, summary, severity },
      ]),
    );
  };
}
