import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { RfmBoundaries } from './rfm';

const { computeRfmBoundaries } = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { maximumInterval: '1 minute' } });

/** Started by the Temporal Schedule `customer-rfm-boundaries` (daily): recomputes the RFM quintile boundaries. */
export async function rfmBoundariesWorkflow(): Promise<RfmBoundaries> {
  return computeRfmBoundaries.executeWithOptions({ summary: 'Recompute RFM quintile boundaries from MySQL' }, []);
}

export const rfmScheduleId = 'customer-rfm-boundaries';
