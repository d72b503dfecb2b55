import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ActivityPolicy } from './policy';
import { activityQueueName, journeysQueueOf, type ActivityQueue } from './task-queues';

/**
 * Named timeout profiles. Database writes are quick and retried briefly; partner calls get the partner timeout
 * and back off up to the policy's ceiling. A partner's permanent refusal (PartnerRejected) is not retried.
 * With `activityQueues: separate` each profile runs on its own task queue (shared/task-queues.ts); journeys
 * started before that key existed carry no value and keep every activity on their own queue. An entity workflow
 * (`<queue>-entities`, shared/task-queues.ts) sends its activities to the journeys' queues, whose workers run them.
 */
export function activityProfiles(policy: ActivityPolicy) {
  const own = workflowInfo().taskQueue;
  const journeys = journeysQueueOf(own);
  // On the journeys' queue an activity with no task queue runs there; an entity workflow sends its activities there.
  const queue = (name: ActivityQueue) =>
    policy.activityQueues === 'separate' ? { taskQueue: activityQueueName(journeys, name) } : journeys !== own ? { taskQueue: journeys } : {};
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
