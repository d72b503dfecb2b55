import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ActivityPolicy } from './policy';

/**
 * Named timeout profiles. Database writes are quick and retried briefly; partner calls get the partner timeout
 * and back off up to the policy's ceiling. A partner's permanent refusal (PartnerRejected) is not retried.
 */
export function activityProfiles(policy: ActivityPolicy) {
  return {
    database: proxyActivities<Activities>({
      startToCloseTimeout: policy.databaseActivityTimeout,
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    }),
    partner: proxyActivities<Activities>({
      startToCloseTimeout: policy.partnerActivityTimeout,
      retry: {
        initialInterval: '1 second',
        maximumInterval: policy.partnerRetryMaxInterval,
        nonRetryableErrorTypes: ['PartnerRejected', 'NoContactAddress'],
      },
    }),
  };
}

export type PartnerActivities = ReturnType<typeof activityProfiles>['partner'];
export type DatabaseActivities = ReturnType<typeof activityProfiles>['database'];
