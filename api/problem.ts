import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { NotFoundError } from '@mikro-orm/core';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { isDatabaseUnavailable } from '../lib/database';

/** Seconds a client is asked to wait before retrying when Temporal or the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** RFC 9457 problem details. `reason` is the machine-readable business reason for 409/422. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  reason?: string;
  errors?: { field: string; reason: string }[];
  [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const problems = {
  notFound: (detail: string) => new ProblemError({ title: 'Not Found', status: 404, detail }),
  conflict: (reason: string, detail: string) => new ProblemError({ title: 'Conflict', status: 409, reason, detail }),
  unauthorized: (detail: string) => new ProblemError({ title: 'Unauthorized', status: 401, detail }),
  forbidden: (detail: string) => new ProblemError({ title: 'Forbidden', status: 403, detail }),
};

export function problemResponse(c: Context, problem: Problem): Response {
  const body = { type: problem.type ?? 'about:blank', instance: c.req.path, requestId: c.get('requestId'), ...problem };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, { 'Content-Type': 'application/problem+json' });
}

export function validationProblem(c: Context, error: ZodError): Response {
  const target = c.req.method === 'GET' ? 'query' : 'body';
  return problemResponse(c, {
    title: 'Invalid request',
    status: 400,
    detail: `The request ${target} has ${error.issues.length} invalid field(s).`,
    errors: error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', reason: issue.message })),
  });
}

/** The one error mapper: domain errors become problem documents; anything unexpected is a logged 500. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) return problemResponse(c, error.problem);
  if (error instanceof WorkflowNotFoundError || error instanceof NotFoundError) {
    return problemResponse(c, { title: 'Not Found', status: 404, detail: 'No such resource.' });
  }
  if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // Temporal did not answer within the call's deadline (unreachable, or no worker to run the update or query).
    // An update may still be applied when a worker returns: a retry with the same Idempotency-Key gets its answer.
    c.get('log')?.warn({ err: error }, 'temporal unavailable');
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return problemResponse(c, { title: 'Service Unavailable', status: 503, reason: 'workflow_service_unavailable', detail: 'The workflow service could not answer in time; retry shortly (with the same Idempotency-Key).' });
  }
  if (isDatabaseUnavailable(error)) {
    c.get('log')?.warn({ err: error }, 'database unavailable');
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return problemResponse(c, { title: 'Service Unavailable', status: 503, reason: 'database_unavailable', detail: 'The database could not be reached; retry shortly.' });
  }
  if (error instanceof HTTPException) {
    // Hono's validators throw these for a body they cannot read (not JSON): the body is the field at fault.
    const errors = error.status === 400 || error.status === 413 ? [{ field: '(body)', reason: error.message }] : undefined;
    return problemResponse(c, { title: error.status === 413 ? 'Payload Too Large' : 'Bad Request', status: error.status, detail: error.message, ...(errors && { errors }) });
  }
  c.get('log')?.error({ err: error }, 'unhandled error');
  return problemResponse(c, { title: 'Internal Server Error', status: 500, detail: 'Something went wrong; the request id identifies it in the logs.' });
}
