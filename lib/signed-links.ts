import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Customer links carry a signed token instead of a login: base64url(JSON claims).base64url(HMAC-SHA256).
 * Claims name what the link may do (`scope`) and for which resource.
 */
export interface LinkClaims {
  scope: 'track' | 'customs' | 'feedback' | 'consent' | 'address';
  /** The resource id: an order id, a shipment id or a customer id, depending on the scope. */
  sub: string;
  /** Expiry, unix seconds. */
  exp: number;
}

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

export function verifyLink(token: string, secret: string, scope: LinkClaims['scope'], nowSeconds = Date.now() / 1000): LinkClaims | undefined {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
    return claims.scope === scope && claims.exp > nowSeconds ? claims : undefined;
  } catch {
    return undefined;
  }
}
