import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { problems } from './problem';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** API keys from `Authorization: Bearer <key>` or `X-API-Key`, compared in constant time. */
export function apiKeyAuth(keys: string[]): MiddlewareHandler<AppEnv> {
  const expected = keys.map(digest);
  return async (c, next) => {
    const header = c.req.header('authorization');
    const presented = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('x-api-key');
    if (!presented) throw problems.unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const given = digest(presented);
    let match = false;
    for (const key of expected) match = timingSafeEqual(key, given) || match;
    if (!match) throw problems.unauthorized('The API key is not valid.');
    await next();
  };
}
