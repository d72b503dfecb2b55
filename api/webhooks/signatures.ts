import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Verification } from './types';

/** Shippo and generic signatures older (or newer) than this are replays, not deliveries. */
export const timestampToleranceSeconds = 300;

const sha256Hex = /^[0-9a-f]{64}$/i;
const sha256Base64 = /^[A-Za-z0-9+/]{43}=$/;

/** HMAC-SHA256 over the raw body: exactly the bytes the provider signed (a string is taken as its UTF-8 bytes). */
export function hmacSha256(key: string, payload: RawBody): Buffer {
  return createHmac('sha256', key).update(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload).digest();
}

export type RawBody = Buffer | string;

/**
 * Constant-time comparison of a digest with what the header claims. A value of the wrong shape or length is
 * simply "not equal": timingSafeEqual would throw on a length mismatch.
 */
export function digestMatches(expected: Buffer, claimed: string, encoding: 'hex' | 'base64'): boolean {
  if (!(encoding === 'hex' ? sha256Hex : sha256Base64).test(claimed)) return false;
  const given = Buffer.from(claimed, encoding);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const rejected = (reason: string): Verification => ({ ok: false, reason });

/** `t=<unix>,v1=<hex>[,v1=<hex>...]`: several v1 values let a sender sign with an old and a new secret while rotating. */
export function parseTimestampedSignature(value: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const item = rest.join('=');
    if (key === 't' && /^\d{1,12}$/.test(item)) timestamp = Number(item);
    else if (key === 'v1' && item) signatures.push(item);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** Shippo and generic: HMAC-SHA256(secret, "<t>.<body>") in hex, with a 5-minute window on t. */
export function verifyTimestamped(rawBody: RawBody, headerValue: string | undefined, secret: string, nowSeconds: number): Verification {
  if (!secret) return rejected('secret_not_configured');
  if (!headerValue) return rejected('missing_signature');
  const parsed = parseTimestampedSignature(headerValue);
  if (!parsed) return rejected('malformed_signature');
  const expected = hmacSha256(secret, Buffer.concat([Buffer.from(`${parsed.timestamp}.`), typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody]));
  if (!parsed.signatures.some((claimed) => digestMatches(expected, claimed, 'hex'))) return rejected('signature_mismatch');
  if (Math.abs(nowSeconds - parsed.timestamp) > timestampToleranceSeconds) return rejected('timestamp_outside_tolerance');
  return { ok: true };
}
