import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The Temporal SDK's logger, backed by pino: workflow `log` lines (with workflowId, runId, workflowType) and
 * activity `log` lines (with workflowId, runId, activityType, attempt) come out as one JSON line each. The run id
 * is `runId` on both (the SDK calls it workflowRunId for activities); task tokens stay out of the logs.
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const { workflowRunId, error, ...fields } = meta as Record<string, unknown>;
    delete fields.taskToken;
    const line: Record<string, unknown> = { ...fields, ...(workflowRunId !== undefined && { runId: workflowRunId }), ...(error !== undefined && { err: error }) };
    this.pino[levels[level]](line, message);
  }
  trace(message: string, meta?: LogMetadata) { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata) { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata) { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata) { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata) { this.log('ERROR', message, meta); }
}

/**
 * Once per worker process, before any connection: SDK and core logs go through pino, and the SDK's Prometheus
 * metrics (the names Temporal's published SDK dashboards read) plus our worker-side business counters are served
 * at WORKER_METRICS_HOST:WORKER_METRICS_PORT.
 */
export function installWorkerRuntime(config: Pick<Config, 'observability'>, logger: Logger): void {
  const bindAddress = config.observability.workerMetricsAddress;
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'worker' })),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(bindAddress && { metrics: { prometheus: { bindAddress } } }),
    },
  });
}
