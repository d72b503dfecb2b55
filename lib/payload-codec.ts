import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/**
 * Payloads (workflow and activity inputs and results, queries, updates, signals, memos, summaries) carry names,
 * emails and addresses. This codec seals each one with AES-256-GCM before it leaves the process, so Temporal's
 * history holds ciphertext; the key id travels in the payload's metadata so keys can rotate: the first key
 * encrypts, every listed key decrypts. Payloads without our encoding (histories written before the codec) pass
 * through untouched.
 */

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * A fresh random 96-bit IV per payload, cut from a pool of CSPRNG bytes that is refilled when used up (what Node's
 * randomUUID does): the same randomness as one randomBytes(12) call per payload, without a system call for each.
 * An IV is never handed out twice.
 */
const ivPool = { bytes: Buffer.alloc(0), next: 0 };
function nextIv(): Buffer {
  if (ivPool.next + IV_BYTES > ivPool.bytes.length) Object.assign(ivPool, { bytes: randomBytes(IV_BYTES * 1024), next: 0 });
  const iv = ivPool.bytes.subarray(ivPool.next, ivPool.next + IV_BYTES);
  ivPool.next += IV_BYTES;
  return iv;
}

export class UnknownPayloadKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`payload was encrypted with key "${keyId}", which is not in PAYLOAD_CODEC_KEYS`);
  }
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.sealing = { key: keys[0].key, aad: Buffer.from(keys[0].id), metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(keys[0].id) } };
  }

  /** What every encode uses: the first key, its id as associated data, and the metadata (copied per payload). */
  private readonly sealing: { key: Buffer; aad: Buffer; metadata: Record<string, Uint8Array> };

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { key, aad, metadata } = this.sealing;
    return payloads.map((payload) => {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is bound to the ciphertext: a payload relabelled with another key id fails to decrypt.
      cipher.setAAD(aad);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { ...metadata }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.byId.get(id);
      if (!key) throw new UnknownPayloadKeyError(id);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/**
 * Parses `PAYLOAD_CODEC_KEYS`: `id:base64,id:base64`, the first one encrypting. Throws a message that names the
 * variable and the offending entry.
 */
export function parsePayloadKeys(raw: string): PayloadKey[] {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`entry ${index + 1} must look like <key-id>:<base64 of 32 bytes>, with a key id of letters, digits, _ . -`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 random bytes in base64 (got ${key.length} bytes); make one with \`openssl rand -base64 32\``);
    return { id, key };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new Error(`key id "${repeated}" is listed twice`);
  return keys;
}

/**
 * The keys to use: the configured ones, or outside production a development key generated once into the data
 * folder (like the development API key), so journeys stay readable across restarts of `npm start`.
 */
export function resolvePayloadKeys(configured: PayloadKey[], dataDir: string): PayloadKey[] {
  if (configured.length > 0) return configured;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'payload-codec-key');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  return [{ id: 'dev', key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64') }];
}

/** The data converter of this deployment's keys: clients, workers and the codec endpoint share it. */
export function temporalDataConverter(config: { payloadKeys: PayloadKey[]; dataDir: string }): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(resolvePayloadKeys(config.payloadKeys, config.dataDir))] };
}
