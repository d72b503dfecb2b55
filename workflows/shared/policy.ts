/**
 * Policy every lifecycle shares: how long one activity may take, how retries back off, and when a step that does
 * not succeed involves operators (steps.ts). Composed with the
 * lifecycles' own groups in ../policy.ts.
 */
export const activityPolicy = {
  /** Activity timeout for database writes. */
  databaseActivityTimeout: '30 seconds',
  /** Activity timeout for one outbound partner call (payments, notifications, warehouse, carriers). */
  partnerActivityTimeout: '30 seconds',
  /** Ceiling on the retry back-off of partner calls. */
  partnerRetryMaxInterval: '10 minutes',
  /** A partner or database step still retrying after this long alerts operators (once); it keeps trying. */
  stepAlertAfter: '30 minutes',
  /** A journey that has ended stays open this long for an operator to retry or settle a refused step. */
  failedStepWait: '30 days',
  /**
   * `shared`: every activity on the journey's own task queue. `separate`: partner calls on `<queue>-partners`
   * and database writes on `<queue>-database` (shared/task-queues.ts), each with its own workers and limits.
   */
  activityQueues: 'shared' as 'shared' | 'separate',
};

export const activityPolicyChoices = { activityQueues: ['shared', 'separate'] } as const;

export type ActivityPolicy = typeof activityPolicy;
