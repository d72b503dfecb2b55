import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { rfmScheduleId } from '../workflows/customer/rfm-schedule';
import type { rfmBoundariesWorkflow } from '../workflows/customer/rfm-schedule';

/**
 * Ensures the Temporal Schedule that recomputes the RFM quintile boundaries (`customer.rfmRecomputeEvery`, daily)
 * exists with the configured interval and task queue. Idempotent: every start-up calls it; an existing schedule is
 * updated in place, never duplicated. Answers whether it was created.
 */
export async function ensureRfmSchedule(client: Client, options: { taskQueue: string; every: string; scheduleId?: string }): Promise<{ created: boolean }> {
  const scheduleId = options.scheduleId ?? rfmScheduleId;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'rfmBoundariesWorkflow',
    workflowId: `${scheduleId}-run`,
    taskQueue: options.taskQueue,
    args: [] as Parameters<typeof rfmBoundariesWorkflow>,
    staticSummary: 'Recompute the RFM quintile boundaries from MySQL',
  };
  const spec = { intervals: [{ every: options.every as `${number} ${string}` }] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } });
    return { created: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  return { created: false };
}
