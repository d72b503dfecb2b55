import { timingSafeEqual, createHash } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../../../lib/config';
import { EncryptionCodec, resolvePayloadKeys } from '../../../lib/payload-codec';
import { requireScope } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { ProblemError, problems } from '../../problem';
import { jsonBody, jsonContent, problemContent } from '../../schemas/common';

/**
 * The remote codec endpoint (Temporal's codec server protocol) so an operator's Temporal UI or CLI shows the
 * decrypted payloads. Payloads go in and out as protobuf JSON: metadata values and data in base64.
 * `/codec/{encode,decode}` take an API key (the CLI: `--codec-auth "Bearer <key>"`; a UI that passes its access
 * token). `/codec/ui/{token}/...` is for a UI that sends no credentials (the embedded dev server, compose): the
 * secret path segment CODEC_UI_TOKEN is the credential, so only who can open that UI decodes with it.
 */

const base64 = z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const PayloadJson = z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }).openapi('CodecPayload');
const Payloads = z.object({ payloads: z.array(PayloadJson).max(1000) }).openapi('CodecPayloads');
type PayloadJson = z.infer<typeof PayloadJson>;

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const codecs = new WeakMap<Config, EncryptionCodec>();
const codecOf = (config: Config) => {
  let codec = codecs.get(config);
  if (!codec) codecs.set(config, (codec = new EncryptionCodec(resolvePayloadKeys(config.payloadKeys, config.dataDir))));
  return codec;
};

/** Answers the Temporal UI's preflight and lets its origin read the answers (CODEC_CORS_ORIGINS). */
export const codecCors: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c) => ((c.get('deps') as AppEnv['Variables']['deps']).config.codec.corsOrigins.includes(origin) ? origin : null),
  allowMethods: ['POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'X-Namespace', 'Authorization', 'X-API-Key'],
  credentials: true,
  maxAge: 600,
});

const requireApiKey = requireScope('operator');

const digest = (value: string) => createHash('sha256').update(value).digest();
const requireUiToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.get('deps').config.codec.uiToken;
  if (!expected || !timingSafeEqual(digest(expected), digest(c.req.param('token') ?? ''))) {
    throw problems.unauthorized('Unknown codec path: the UI codec endpoint needs the configured CODEC_UI_TOKEN.');
  }
  await next();
};

// Generic over the path, so the literal path reaches AppType (a plain `string` would hide every route from the typed client).
const route = <P extends string>(direction: 'encode' | 'decode', path: P, middleware: MiddlewareHandler<AppEnv>) =>
  createRoute({
    method: 'post',
    path,
    tags: ['operators'],
    summary: direction === 'decode' ? 'Decrypt payloads for the Temporal UI or CLI (codec server protocol)' : 'Encrypt payloads (codec server protocol)',
    security: path.includes('{token}') ? [] : [{ ApiKey: [] }],
    middleware: [middleware] as const,
    request: { ...(path.includes('{token}') && { params: z.object({ token: z.string() }) }), body: jsonBody(Payloads) },
    responses: {
      200: jsonContent(Payloads, direction === 'decode' ? 'The payloads, decrypted (payloads that were never encrypted come back as they were)' : 'The payloads, encrypted'),
      400: problemContent('Not a payloads document'),
      401: problemContent('No valid API key (or UI token)'),
      422: problemContent('A payload was encrypted with a key this deployment does not have, or was altered'),
    },
  });

async function run(direction: 'encode' | 'decode', config: Config, body: z.infer<typeof Payloads>) {
  try {
    const out = await codecOf(config)[direction](body.payloads.map(fromJson));
    return { payloads: out.map(toJson) };
  } catch (error) {
    throw new ProblemError({ title: 'Unprocessable Content', status: 422, reason: 'undecodable_payload', detail: (error as Error).message });
  }
}

export const codecApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(route('decode', '/codec/decode', requireApiKey), async (c) => c.json(await run('decode', c.get('deps').config, c.req.valid('json')), 200))
  .openapi(route('encode', '/codec/encode', requireApiKey), async (c) => c.json(await run('encode', c.get('deps').config, c.req.valid('json')), 200))
  .openapi(route('decode', '/codec/ui/{token}/decode', requireUiToken), async (c) => c.json(await run('decode', c.get('deps').config, c.req.valid('json')), 200))
  .openapi(route('encode', '/codec/ui/{token}/encode', requireUiToken), async (c) => c.json(await run('encode', c.get('deps').config, c.req.valid('json')), 200));
