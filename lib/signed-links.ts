import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { linkKeyIdPattern, type LinkSigningKey } from './keys';

/**
 * Customer links carry a signed token instead of a login: `<key id>.<base64url(JSON claims)>.<base64url(HMAC)>`,
 * the HMAC-SHA256 taken over `<key id>.<claims>` with that key's secret. The key id lets the secret rotate:
 * the newest key signs, older keys keep verifying the links that are still out. Claims name what the link may
 * do (`scope`), for which resource (`sub`) and until when (`exp`).
 */
export interface LinkClaims {
  scope: 'track' | 'customs' | 'feedback' | 'consent' | 'address' | 'service';
  /** The resource id: an order id, a shipment id, a customer id or a service case id, depending on the scope. */
  sub: string;
  /** Expiry, unix seconds. */
  exp: number;
}

const ClaimsSchema = z
  .object({
    scope: z.enum(['track', 'customs', 'feedback', 'consent', 'address', 'service']),
    sub: z.string().min(1).max(200),
    exp: z.number().int().positive(),
  })
  .strict();

const base64urlPattern = /^[A-Za-z0-9_-]+$/;
/** Only the one canonical spelling of the bytes: no padding, no stray low bits in the last character. */
const isCanonicalBase64url = (text: string) => base64urlPattern.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
const SIGNATURE_CHARS = 43; // 32 bytes of HMAC-SHA256

const mac = (secret: string, signed: string) => createHmac('sha256', secret).update(signed).digest();

/** Signs with the first (newest) key. */
export function signLink(claims: LinkClaims, keys: readonly LinkSigningKey[]): string {
  const [key] = keys;
  if (!key) throw new Error('no link-signing key configured');
  const { scope, sub, exp } = claims;
  const signed = `${key.id}.${Buffer.from(JSON.stringify({ scope, sub, exp })).toString('base64url')}`;
  return `${signed}.${mac(key.secret, signed).toString('base64url')}`;
}

/** The claims of a well-formed, authentic, unexpired token of this scope; otherwise undefined. */
export function verifyLink(token: string, keys: readonly LinkSigningKey[], scope: LinkClaims['scope'], nowSeconds = Date.now() / 1000): LinkClaims | undefined {
  const segments = token.split('.');
  if (segments.length !== 3) return undefined;
  const [keyId, payload, signature] = segments as [string, string, string];
  if (!linkKeyIdPattern.test(keyId) || !isCanonicalBase64url(payload)) return undefined;
  if (signature.length !== SIGNATURE_CHARS || !isCanonicalBase64url(signature)) return undefined;
  const key = keys.find((k) => k.id === keyId);
  if (!key) return undefined;
  if (!timingSafeEqual(Buffer.from(signature, 'base64url'), mac(key.secret, `${keyId}.${payload}`))) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = ClaimsSchema.safeParse(json);
  if (!claims.success || claims.data.scope !== scope || claims.data.exp <= nowSeconds) return undefined;
  return claims.data;
}
