import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { problems } from './problem';
import type { ApiKey, ApiScope } from '../lib/keys';
import { verifyLink, type LinkClaims } from '../lib/signed-links';

/**
 * Every route declares who may call it, next to its definition: `...byKey('storefront', 'operator')` gives the
 * OpenAPI security requirement (any one of the scopes) and the middleware that enforces it, from one list.
 * A route without a declaration is public, and tests/security checks every documented path for one.
 */

const digest = (value: string) => createHash('sha256').update(value).digest();
const digests = new WeakMap<ApiKey[], { key: ApiKey; digest: Buffer }[]>();

/** The configured key presented as `Authorization: Bearer <key>` or `X-API-Key`, compared in constant time. */
function presentedKey(c: Context<AppEnv>): ApiKey | undefined {
  const header = c.req.header('authorization');
  const presented = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('x-api-key');
  if (!presented) throw problems.unauthorized('Send an API key as "Authorization: Bearer <key>".');
  const configured = c.get('deps').config.apiKeys;
  let known = digests.get(configured);
  if (!known) digests.set(configured, (known = configured.map((key) => ({ key, digest: digest(key.secret) }))));
  const given = digest(presented);
  let match: ApiKey | undefined;
  for (const { key, digest: expected } of known) if (timingSafeEqual(expected, given)) match = key;
  return match;
}

function authorize(c: Context<AppEnv>, scopes: readonly ApiScope[]): void {
  const key = presentedKey(c);
  if (!key) throw problems.unauthorized('The API key is not valid.');
  if (!scopes.some((scope) => key.scopes.includes(scope))) {
    throw problems.forbidden(`This key (${key.id}) lacks the scope this route needs: ${scopes.join(' or ')}.`);
  }
  c.set('keyId', key.id);
}

export function requireScope(...scopes: ApiScope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    authorize(c, scopes);
    await next();
  };
}

/** Spread into createRoute: the documented security requirement and its enforcement. */
export function byKey(...scopes: ApiScope[]) {
  return { security: scopes.map((scope) => ({ ApiKey: [scope] })), middleware: [requireScope(...scopes)] };
}

/**
 * Customer links act without an API key: a signed token (query `token`) whose scope and subject match the
 * resource. A key with one of `scopes` may act on the same route instead.
 */
export function byKeyOrLinkToken(link: { scope: LinkClaims['scope']; subjectParam: string }, ...scopes: ApiScope[]) {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.header('authorization') || c.req.header('x-api-key')) {
      authorize(c, scopes);
      c.set('actor', 'operator');
      return next();
    }
    const token = c.req.query('token');
    if (!token) throw problems.unauthorized('Send an API key, or use the signed link (token) from the customer message.');
    const claims = verifyLink(token, c.get('deps').config.linkSigningKeys, link.scope);
    if (!claims || claims.sub !== c.req.param(link.subjectParam)) throw problems.unauthorized('The link is invalid or has expired.');
    c.set('actor', 'customer');
    await next();
  };
  return { security: [...scopes.map((scope) => ({ ApiKey: [scope] })), { LinkToken: [] }], middleware: [middleware] };
}
