import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ActivityPolicy } from './policy';
import { activityQueueName, type ActivityQueue } from './task-queues';

/**
 * Named timeout profiles. Database writes are quick and retried briefly; partner calls get the partner timeout
 * and back off up to the policy's ceiling. A partner's permanent refusal (PartnerRejected) is not retried.
 * With `activityQueues: separate` each profile runs on its own task queue (shared/task-queues.ts); journeys
 * started before that key existed carry no value and keep every activity on their own queue.
 */
export function activityProfiles(policy: ActivityPolicy) {
  const queue = (name: ActivityQueue) => (policy.activityQueues === 'separate' ? { taskQueue: activityQueueName(workflowInfo().taskQueue, name) } : {});
  return {
    database: proxyActivities<Activities>({
      startToCloseTimeout: policy.databaseActivityTimeout,
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
      ...queue('database'),
    }),
    partner: proxyActivities<Activities>({
      startToCloseTimeout: policy.partnerActivityTimeout,
      retry: {
        initialInterval: '1 second',
        maximumInterval: policy.partnerRetryMaxInterval,
        nonRetryableErrorTypes: ['PartnerRejected', 'NoContactAddress'],
      },
      ...queue('partners'),
    }),
  };
}

export type PartnerActivities = ReturnType<typeof activityProfiles>['partner'];
export type DatabaseActivities = ReturnType<typeof activityProfiles>['database'];
