import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Config } from './config';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';

/**
 * OpenTelemetry tracing across API -> Temporal -> workflow -> activity -> partner call. Started only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: otherwise no SDK, no interceptors, no spans (the workflow bundle's
 * interceptors hand their spans to a sink that drops them).
 */
interface Tracing {
  provider: BasicTracerProvider;
  processor: SpanProcessor;
  resource: Resource;
}

let tracing: Tracing | undefined;

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
}

/** Registers the global tracer provider, W3C propagation and async context once per process. */
export function startTracing(options: TracingOptions): boolean {
  if (tracing) return true;
  if (!options.endpoint) return false;
  const resource = new Resource({ 'service.name': options.serviceName });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  tracing = { provider, processor, resource };
  return true;
}

/** Tracing as configured: service.name is OTEL_SERVICE_NAME, or aftercart-<process kind>. */
export function startConfiguredTracing(config: Pick<Config, 'observability'>, processKind: 'api' | 'worker' | 'all'): boolean {
  const { otlpEndpoint, serviceName } = config.observability;
  return startTracing({ endpoint: otlpEndpoint, serviceName: serviceName ?? (processKind === 'all' ? 'aftercart' : `aftercart-${processKind}`) });
}

export function tracingEnabled(): boolean {
  return tracing !== undefined;
}

/** Sends what is buffered and stops (on shutdown, and in tests before reading what the collector received). */
export async function flushTracing(): Promise<void> {
  await tracing?.provider.forceFlush();
}

export async function stopTracing(): Promise<void> {
  await tracing?.provider.shutdown();
}

/** Temporal client interceptors: the workflow start, signal or update carries the caller's trace context. */
export function tracingClientInterceptors(): WorkflowClientInterceptor[] {
  return tracing ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}

/** Activity spans (children of the workflow's span); their logs carry trace and span ids. */
export function tracingWorkerInterceptors(): WorkerInterceptors {
  if (!tracing) return {};
  return { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] };
}

/** Where workflow spans (made inside the sandbox) are exported; a sink that drops them when tracing is off. */
export function tracingWorkflowSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined, callDuringReplay: false } } };
}

/**
 * Runs `fn` in a span of the given kind, child of the active context; `fn` gets the W3C headers to send on
 * (traceparent). Without tracing it just runs `fn` with no headers.
 */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  if (!tracing) return fn({});
  const tracer = trace.getTracer('aftercart');
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    try {
      return await fn(headers);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
