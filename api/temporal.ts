import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { ProblemError, problems } from './problem';

/** A stable hash of a validated request: keys sorted, so field order does not matter. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, val]) => [k, canonical(val)]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/**
 * Starts a workflow under its business id exactly once. A repeat with the same request hash is answered as the
 * original (created: false); a repeat with a different body is a 409. The hash travels in the workflow's memo.
 */
export async function startIdempotently<W extends Workflow>(
  client: Client,
  workflowType: string,
  options: WorkflowStartOptions<W> & { workflowId: string },
  hash: string,
): Promise<{ created: boolean }> {
  try {
    await client.workflow.start<W>(workflowType, {
      ...options,
      memo: { ...options.memo, requestHash: hash },
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    } as WorkflowStartOptions<W>);
    return { created: true };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const existing = await client.workflow.getHandle(options.workflowId).describe();
  if (existing.memo?.requestHash !== hash) {
    throw problems.conflict('id_reused_with_different_body', `${options.workflowId} already exists with a different request body.`);
  }
  return { created: false };
}

/**
 * Runs an update and turns a validator's refusal (an ApplicationFailure whose type is the reason) into a 409
 * problem. An update sent to a journey that has already ended is refused the same way.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId?: string,
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { args, updateId });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      throw new ProblemError({ title: 'Conflict', status: 409, reason: error.cause.type ?? 'refused', detail: error.cause.message });
    }
    // Temporal answers an update to a completed workflow with NotFound; tell that apart from an unknown order.
    if (error instanceof WorkflowNotFoundError) {
      const exists = await handle.describe().then(() => true, () => false);
      if (exists) throw problems.conflict('journey_completed', 'This journey has already ended; it takes no more changes.');
    }
    throw error;
  }
}
