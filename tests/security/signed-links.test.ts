import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { signLink, verifyLink, type LinkClaims } from '../../lib/signed-links';

const now = 1_800_000_000;
const claims: LinkClaims = { scope: 'customs', sub: 'shipment-dhl-JD0146', exp: now + 3600 };
const keysOf = (raw: string) => loadConfig({ LINK_SIGNING_KEYS: raw }).linkSigningKeys;

describe('link signing keys rotate without breaking links that are out', () => {
  it('signs with the newest key and still accepts links signed with an older one', () => {
    const before = keysOf('k1:first-secret');
    const outstanding = signLink(claims, before);
    expect(outstanding.startsWith('k1.')).toBe(true);

    const rotated = keysOf('k2:second-secret,k1:first-secret');
    const fresh = signLink(claims, rotated);
    expect(fresh.startsWith('k2.')).toBe(true);
    expect(verifyLink(outstanding, rotated, 'customs', now)).toEqual(claims);
    expect(verifyLink(fresh, rotated, 'customs', now)).toEqual(claims);

    // Once the old key is retired, its links stop working; links from the new key never worked under the old set.
    const retired = keysOf('k2:second-secret');
    expect(verifyLink(outstanding, retired, 'customs', now)).toBeUndefined();
    expect(verifyLink(fresh, before, 'customs', now)).toBeUndefined();
  });

  it('accepts LINK_SIGNING_SECRET as a single key, which LINK_SIGNING_KEYS can keep as "default" when rotating', () => {
    const single = loadConfig({ LINK_SIGNING_SECRET: 'the-only-secret' }).linkSigningKeys;
    const outstanding = signLink(claims, single);
    expect(verifyLink(outstanding, single, 'customs', now)).toEqual(claims);
    expect(verifyLink(outstanding, keysOf('k2:a-new-secret,default:the-only-secret'), 'customs', now)).toEqual(claims);
  });

  it('does not let one key id borrow another key: the id is covered by the signature', () => {
    const keys = keysOf('k2:second-secret,k1:first-secret');
    const [, payload, signature] = signLink(claims, keys).split('.');
    expect(verifyLink(`k1.${payload}.${signature}`, keys, 'customs', now)).toBeUndefined();
  });
});

describe('tokens are strict', () => {
  const keys = keysOf('k1:first-secret');
  const token = signLink(claims, keys);
  const [keyId, payload, signature] = token.split('.') as [string, string, string];
  const signWith = (secret: string, signed: string) => createHmac('sha256', secret).update(signed).digest('base64url');

  it.each([
    ['an extra segment', `${token}.extra`],
    ['an empty extra segment', `${token}.`],
    ['a missing key id (the old two-segment form)', `${payload}.${signature}`],
    ['padding on the signature', `${token}=`],
    ['padding on the claims', `${keyId}.${payload}=.${signature}`],
    ['standard base64 characters', `${keyId}.${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}x`],
    ['a truncated signature', token.slice(0, -1)],
    ['an unknown key id', `k9.${payload}.${signature}`],
    ['a tampered claim', `${keyId}.${Buffer.from(JSON.stringify({ ...claims, sub: 'shipment-dhl-OTHER' })).toString('base64url')}.${signature}`],
  ])('refuses %s', (_what, forged) => {
    expect(verifyLink(forged, keys, 'customs', now)).toBeUndefined();
  });

  it('refuses a non-canonical spelling of the same signature bytes', () => {
    // The last base64url character of a 32-byte value carries 2 unused bits; flipping them decodes to the same bytes.
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = `${keyId}.${payload}.${signature.slice(0, -1)}${sibling}`;
    expect(Buffer.from(variant.split('.')[2]!, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verifyLink(variant, keys, 'customs', now)).toBeUndefined();
  });

  it('refuses an expired link, a link for another scope, and claims with extra or wrong-typed fields even when signed', () => {
    expect(verifyLink(token, keys, 'customs', claims.exp)).toBeUndefined();
    expect(verifyLink(token, keys, 'address', now)).toBeUndefined();
    for (const odd of [{ ...claims, admin: true }, { ...claims, exp: String(claims.exp) }, { scope: 'customs', sub: 'x' }]) {
      const body = Buffer.from(JSON.stringify(odd)).toString('base64url');
      const signed = `k1.${body}`;
      expect(verifyLink(`${signed}.${signWith('first-secret', signed)}`, keys, 'customs', now)).toBeUndefined();
    }
  });
});
