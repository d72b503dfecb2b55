import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { jsonContent } from '../../schemas/common';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() }).openapi('Health');

const healthz = createRoute({ method: 'get', path: '/healthz', tags: ['platform'], summary: 'Liveness', responses: { 200: jsonContent(Health, 'The process is up') } });
const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['platform'],
  summary: 'Readiness: Temporal and the database reachable',
  responses: { 200: jsonContent(Health, 'Ready'), 503: jsonContent(Health, 'A dependency is unreachable') },
});

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<string> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref())]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const healthApi = new OpenAPIHono<AppEnv>()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const { temporal, orm } = c.get('deps');
    const [temporalCheck, database] = await Promise.all([
      check(() => temporal.workflowService.getSystemInfo({})),
      check(() => orm.em.getConnection().execute('select 1')),
    ]);
    const ready = temporalCheck === 'ok' && database === 'ok';
    return c.json({ status: ready ? ('ok' as const) : ('unavailable' as const), checks: { temporal: temporalCheck, database } }, ready ? 200 : 503);
  });
