import pino from 'pino';

/** Structured JSON logs. Child loggers carry requestId / workflowId so one journey can be followed. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream) {
  return pino({ level, base: { service: 'aftercart' }, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] }, destination);
}

export type Logger = ReturnType<typeof createLogger>;
