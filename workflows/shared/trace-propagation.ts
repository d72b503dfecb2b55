import type { Headers, WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Carries the caller's OpenTelemetry context (the `_tracer-data` header the client and activity interceptors of
 * @temporalio/interceptors-opentelemetry read and write) from the workflow's start, or from the latest signal or
 * update that brought one, onto every activity and child workflow it schedules: so one trace runs from the HTTP
 * request to the partner call. It copies the header as it came, with no spans, no awaits and no extra yields, so
 * histories recorded before tracing existed replay unchanged (the library's own workflow interceptors add yields
 * to histories that lack its SDK flags). Without tracing there is no header and nothing happens.
 */
const TRACE_HEADER = '_tracer-data';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let carried: Headers[string] | undefined;
  const remember = (headers: Headers) => {
    if (headers[TRACE_HEADER]) carried = headers[TRACE_HEADER];
  };
  const pass = (headers: Headers): Headers => (carried && !headers[TRACE_HEADER] ? { ...headers, [TRACE_HEADER]: carried } : headers);
  return {
    inbound: [
      {
        execute: (input, next) => {
          remember(input.headers);
          return next(input);
        },
        handleSignal: (input, next) => {
          remember(input.headers);
          return next(input);
        },
        handleUpdate: (input, next) => {
          remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: pass(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: pass(input.headers) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: pass(input.headers) }),
      },
    ],
  };
};
