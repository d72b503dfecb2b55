import { createHash, randomUUID } from 'node:crypto';
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
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

/** How long an update whose reply was lost may take to tell its outcome: past the request's own deadline, which has gone. */
const OUTCOME_LOOKUP_MS = 3_000;
const GRPC_UNAVAILABLE = 14;

/**
 * Runs an update under an id (the caller's, or a fresh one) and turns a refusal (an ApplicationFailure whose type
 * is the reason) into a 409 problem. When the reply is lost (the call times out, or a retry finds the workflow
 * ended), Temporal is asked for the outcome of that update id: a change that happened is answered as such. Only
 * an update Temporal never took, sent to a journey that has ended, is refused as `journey_completed`.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string = randomUUID(),
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { args, updateId });
  } catch (error) {
    if (!replyMayBeLost(error)) throw refusalProblem(error);
    return await outcomeOfLostReply<Ret>(handle, updateId, error);
  }
}

/** Errors after which the update may have been taken: the workflow ended meanwhile, or no reply came in time. */
function replyMayBeLost(error: unknown): error is Error {
  if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  return error instanceof ServiceError && isGrpcServiceError(error.cause) && (error.cause.code === GRPC_UNAVAILABLE || isGrpcDeadlineError(error.cause));
}

/** A validator's or handler's refusal as a 409 with its reason; anything else as it is. */
function refusalProblem(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return new ProblemError({ title: 'Conflict', status: 409, reason: error.cause.type ?? 'refused', detail: error.cause.message });
  }
  return error;
}

/**
 * Temporal keeps a completed update's outcome under its id, also once the workflow has closed (the dev server
 * 1.29 answers PollWorkflowExecutionUpdate from the WorkflowExecutionUpdateCompleted event). If it has none, the
 * update was never taken: the first error stands, or, for a journey that has ended, `journey_completed`.
 */
async function outcomeOfLostReply<Ret>(handle: WorkflowHandle, updateId: string, lost: Error): Promise<Ret> {
  const lookup = <T>(call: () => Promise<T>) => handle.client.connection.withDeadline(Date.now() + OUTCOME_LOOKUP_MS, call);
  try {
    return await lookup(() => handle.getUpdateHandle<Ret>(updateId).result());
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw refusalProblem(error);
    // Still no answer in time (no worker, Temporal unreachable): say so, as the first error did.
    if (!(error instanceof WorkflowNotFoundError)) throw lost;
  }
  const status = await lookup(() => handle.describe()).then(
    (description) => description.status.name,
    () => undefined,
  );
  // Temporal answers NotFound to an update sent to a closed workflow; tell that apart from an unknown id.
  const ended = lost instanceof WorkflowNotFoundError ? status !== undefined : status !== undefined && status !== 'RUNNING';
  if (ended) throw problems.conflict('journey_completed', 'This journey has already ended; it takes no more changes.');
  throw lost;
}
