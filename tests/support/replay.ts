import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Config } from '../../lib/config';
import { temporalDataConverter } from '../../lib/payload-codec';
import { tracingWorkflowSinks } from '../../lib/tracing';

/**
 * Replays histories through today's workflow bundle, as a worker would when it picks up an open journey; answers
 * each history's workflow id with its replay error (undefined when it replayed). The codec decodes fresh (encrypted) histories; the
 * committed ones hold plain payloads, which it passes through.
 */
export async function replayHistories(config: Config, histories: { workflowId: string; history: unknown }[]): Promise<{ workflowId: string; error?: Error }[]> {
  const results: { workflowId: string; error?: Error }[] = [];
  const options = { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: temporalDataConverter(config), replayName: 'aftercart-replay', sinks: tracingWorkflowSinks() };
  for await (const { workflowId, error } of Worker.runReplayHistories(options, histories)) results.push({ workflowId, error });
  return results;
}
