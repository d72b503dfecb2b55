import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { jsonContent } from '../../schemas/common';

const Check = z.object({ status: z.enum(['ok', 'unavailable']), detail: z.string().optional() }).openapi('DependencyCheck');
const Health = z
  .object({
    status: z.enum(['ok', 'unavailable', 'draining']),
    missing: z.array(z.string()).optional().openapi({ description: 'The dependencies that did not answer, e.g. ["database"].' }),
    checks: z.record(z.string(), Check).optional().openapi({ description: 'Each dependency: temporal, database.' }),
  })
  .openapi('Health');

const healthz = createRoute({ method: 'get', path: '/healthz', tags: ['platform'], summary: 'Liveness', responses: { 200: jsonContent(Health, 'The process is up') } });
const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['platform'],
  summary: 'Readiness: Temporal and the database reachable, and the process not shutting down',
  responses: { 200: jsonContent(Health, 'Ready'), 503: jsonContent(Health, 'A dependency is unreachable (`missing` names it), or the process is draining') },
});

const PROBE_TIMEOUT_MS = 2000;

/** Runs a probe with a time limit; a probe that enforces its own deadline (the Temporal call) is simply awaited. */
async function check(probe: () => Promise<unknown>, { ownDeadline = false } = {}): Promise<z.infer<typeof Check>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = () => new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)));
    await (ownDeadline ? probe() : Promise.race([probe(), limit()]));
    return { status: 'ok' };
  } catch (error) {
    return { status: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export const healthApi = new OpenAPIHono<AppEnv>()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const { temporal, orm, lifecycle } = c.get('deps');
    if (lifecycle?.draining) return c.json({ status: 'draining' as const }, 503);
    const [temporalCheck, database] = await Promise.all([
      // The gRPC deadline ends the call itself, so no abandoned call keeps retrying after readiness has answered.
      check(() => temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})), { ownDeadline: true }),
      check(() => orm.em.getConnection().execute('select 1')),
    ]);
    const checks = { temporal: temporalCheck, database };
    const missing = Object.entries(checks).filter(([, v]) => v.status !== 'ok').map(([name]) => name);
    const ready = missing.length === 0;
    return c.json({ status: ready ? ('ok' as const) : ('unavailable' as const), ...(!ready && { missing }), checks }, ready ? 200 : 503);
  });
