import { Client, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type WorkflowClientInterceptor } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createLogger } from '../../lib/logger';
import { temporalDataConverter } from '../../lib/payload-codec';
import { apiOf, type Harness } from './harness';

/**
 * How the next update to a workflow goes wrong between the API and Temporal:
 * - `timeout`: Temporal takes the update, the workflow ends, and the reply never comes (the call's deadline passes);
 * - `not_found`: Temporal takes it, the workflow ends, and the client's retry is told the workflow is gone (what
 *   servers before 1.25 answer a repeated update id on a closed workflow);
 * - `unsent`: the request never reaches Temporal and the call times out.
 */
export type LostReply = 'timeout' | 'not_found' | 'unsent';

/**
 * The real API app on the harness's Temporal and MySQL, whose Temporal client loses the reply of the updates a test
 * chooses. Everything else (the update, the workflow, its activities, the outcome Temporal keeps) is real.
 */
export function appLosingReplies(h: Harness) {
  const losses = new Map<string, LostReply>();
  const loseReply: WorkflowClientInterceptor = {
    async startUpdate(input, next) {
      const workflowId = input.workflowExecution.workflowId;
      const loss = losses.get(workflowId);
      if (!loss) return next(input);
      losses.delete(workflowId);
      if (loss !== 'unsent') {
        await next(input);
        // Its own deadline: the request's (TEMPORAL_CALL_TIMEOUT) is for the API's calls, not for this stand-in network.
        await h.client.connection.withDeadline(Date.now() + 60_000, () => h.client.workflow.getHandle(workflowId).result());
      }
      if (loss === 'not_found') throw new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined);
      throw new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: new Error('the reply was lost') });
    },
  };
  const temporal = new Client({
    connection: h.client.connection,
    namespace: h.config.temporal.namespace,
    dataConverter: temporalDataConverter(h.config),
    interceptors: { workflow: [loseReply] },
  });
  const app = createApp({ config: h.config, temporal, orm: h.orm, logger: createLogger('silent') });
  return {
    api: apiOf(app),
    /** The next update to `workflowId` through this app goes wrong as `how` says. */
    loseNextReply(workflowId: string, how: LostReply) {
      losses.set(workflowId, how);
    },
  };
}
