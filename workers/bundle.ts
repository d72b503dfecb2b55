import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const workflowsPath = join(__dirname, '..', 'workflows', 'index.ts');
const traceInterceptorPath = join(__dirname, '..', 'workflows', 'shared', 'trace-propagation.ts');

/**
 * Bundles the workflows once (webpack); the bundle is handed to every worker created from it. It carries the
 * trace-context interceptor (workflows/shared/trace-propagation.ts), so activities continue the caller's trace.
 *
 * Our workflow modules are preloaded: the SDK runs every workflow of a worker in one reused V8 context, and
 * without this each new workflow evaluates its own copy of every module under workflows/ (functions, classes,
 * policy tables), about 90 KB of heap per cached workflow. Preloaded, they are evaluated once and shared (the
 * SDK deep-freezes their exports). That is safe because no module under workflows/ keeps state at module scope
 * or calls a workflow API there: all state lives in the workflow function's own closure, so sharing the module
 * changes no command and replay is unaffected. Keep it that way (tests/platform/bundle-preload.test.ts checks).
 */
export function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [traceInterceptorPath],
    preloadModules: [workflowsPath, traceInterceptorPath],
    logger: quietBundlerLogger,
  });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
