import { createHash } from 'node:crypto';

/**
 * API keys and link-signing keys as configured. Parsing only; what production refuses lives in
 * production-checks.ts, and the checks at request time in api/auth.ts and signed-links.ts.
 */

export const apiScopes = ['storefront', 'warehouse', 'operator'] as const;
export type ApiScope = (typeof apiScopes)[number];

export interface ApiKey {
  /** What the timeline and the logs record about the key: a fingerprint, never the key itself. */
  id: string;
  secret: string;
  scopes: ApiScope[];
  /** Listed without a scope (development/test shorthand for every scope; refused in production). */
  bare: boolean;
}

/** `key-` + the first 12 hex digits of SHA-256(key): operators find it with `printf %s "$KEY" | sha256sum`. */
export const apiKeyId = (secret: string) => `key-${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;

/**
 * API_KEYS entries are `<scope>:<key>` (storefront, warehouse or operator). A key listed under several scopes
 * holds them all. A bare `<key>` holds every scope. Throws naming the entry for an unknown scope.
 */
export function parseApiKeys(entries: string[]): ApiKey[] {
  const bySecret = new Map<string, ApiKey>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const prefix = colon > 0 ? entry.slice(0, colon) : undefined;
    const scoped = prefix !== undefined && (apiScopes as readonly string[]).includes(prefix);
    if (prefix !== undefined && !scoped && /^[a-z_]+$/.test(prefix)) {
      throw new Error(`unknown scope "${prefix}" (use ${apiScopes.join(', ')}, as "storefront:<key>")`);
    }
    const secret = scoped ? entry.slice(colon + 1) : entry;
    if (!secret) throw new Error(`the ${prefix} entry has no key after the colon`);
    const key = bySecret.get(secret) ?? { id: apiKeyId(secret), secret, scopes: [], bare: false };
    const scopes: ApiScope[] = scoped ? [prefix as ApiScope] : [...apiScopes];
    key.scopes = [...new Set([...key.scopes, ...scopes])];
    key.bare ||= !scoped;
    bySecret.set(secret, key);
  }
  return [...bySecret.values()];
}

export interface LinkSigningKey {
  /** Travels in every token, so a verifier picks the right secret after a rotation. */
  id: string;
  secret: string;
}

export const linkKeyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** The key id a lone LINK_SIGNING_SECRET signs under; keep it in LINK_SIGNING_KEYS when rotating away from it. */
export const singleLinkKeyId = 'default';

/** LINK_SIGNING_KEYS: `id:secret` pairs, newest first. The first signs; every one verifies. */
export function parseLinkKeys(raw: string): LinkSigningKey[] {
  const keys = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      const id = entry.slice(0, Math.max(colon, 0));
      if (!linkKeyIdPattern.test(id)) throw new Error(`"${id || entry.slice(0, 8) + '…'}" is not <id>:<secret> with an id of 1-32 letters, digits, _ or -`);
      const secret = entry.slice(colon + 1);
      if (!secret) throw new Error(`key ${id} has no secret`);
      return { id, secret };
    });
  if (keys.length === 0) throw new Error('lists no keys; use "k2:<secret>,k1:<older secret>"');
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new Error(`lists key id ${repeated} twice`);
  return keys;
}
