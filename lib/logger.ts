import pino from 'pino';

/**
 * Structured JSON logs. Child loggers carry requestId / workflowId so one journey can be followed.
 * Standard output is written asynchronously: a line is queued and lines queued while a write is in flight go out
 * together, instead of one blocking write per line on the request path (the API's request log line was 5 % of its
 * CPU under load: bench/README.md). pino flushes what is queued when the process exits, also on a crash; only a
 * SIGKILL can lose the lines of the last write in flight.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })) {
  return pino({ level, base: { service: 'aftercart' }, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] }, destination);
}

export type Logger = ReturnType<typeof createLogger>;
