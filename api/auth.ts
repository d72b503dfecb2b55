import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { problems } from './problem';
import { verifyLink, type LinkClaims } from '../lib/signed-links';

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

/**
 * Customer links act without an API key: a signed token (query `token`) whose scope and subject match the
 * resource. An operator or storefront may act on the same route with an API key instead.
 */
export function apiKeyOrLinkToken(keys: string[], secret: string, scope: LinkClaims['scope'], subjectParam: string): MiddlewareHandler<AppEnv> {
  const requireKey = apiKeyAuth(keys);
  return async (c, next) => {
    if (c.req.header('authorization') || c.req.header('x-api-key')) {
      c.set('actor', 'operator');
      return requireKey(c, next);
    }
    const token = c.req.query('token');
    if (!token) throw problems.unauthorized('Send an API key, or use the signed link (token) from the customer message.');
    const claims = verifyLink(token, secret, scope);
    if (!claims || claims.sub !== c.req.param(subjectParam)) throw problems.unauthorized('The link is invalid or has expired.');
    c.set('actor', 'customer');
    await next();
  };
}
