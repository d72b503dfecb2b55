/**
 * The no-op baseline for `npm run bench:journeys`: a workflow that runs a given number of workflow tasks and
 * activity tasks and nothing else. Registered only by bench/baseline/worker.ts, never by the production worker.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { baselineActivities } from './activities';

const { noop } = proxyActivities<typeof baselineActivities>({ startToCloseTimeout: '1 minute' });

export interface BaselineInput {
  /** Activity tasks to run, one after the other (each completion wakes the workflow: one workflow task). */
  activities: number;
  /** Workflow tasks in total; the ones activities do not account for are 1 ms timers. */
  workflowTasks: number;
}

export async function baselineJourneyWorkflow(input: BaselineInput): Promise<number> {
  let workflowTasks = 1;
  for (let i = 0; i < input.activities; i++) {
    await noop();
    workflowTasks += 1;
  }
  while (workflowTasks < input.workflowTasks) {
    await sleep(1);
    workflowTasks += 1;
  }
  return workflowTasks;
}
