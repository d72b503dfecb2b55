import { hc } from 'hono/client';
import type { AppType } from './app';

/**
 * The typed HTTP client of the whole API: paths, parameters, bodies and responses come from the routes' own zod
 * schemas through AppType, so a storefront or a script written in TypeScript cannot call a path that does not
 * exist or send a body the API would refuse. `fetch` is injectable (tests pass the app's own).
 */
export function createAftercartClient(baseUrl: string, options: { apiKey?: string; fetch?: typeof fetch } = {}) {
  return hc<AppType>(baseUrl, {
    ...(options.apiKey && { headers: { Authorization: `Bearer ${options.apiKey}` } }),
    ...(options.fetch && { fetch: options.fetch }),
  });
}

export type AftercartClient = ReturnType<typeof createAftercartClient>;
