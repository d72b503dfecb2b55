import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { resolvePolicy, type Policy } from '../workflows/policy';
import { parsePayloadKeys, type PayloadKey } from './payload-codec';
import { durationString, policyFromJson } from './policy-config';
import { loadTemporalProfile, temporalProfileVariables, type TemporalProfile } from './temporal-connection';
import { parseApiKeys, parseLinkKeys, singleLinkKeyId, type ApiKey, type LinkSigningKey } from './keys';
import { developmentSecrets, partnerPrefixes, productionProblems } from './production-checks';

/** Policy overrides are validated in ./policy-config (also used by the API's per-order and per-return schemas). */
export { policyOverridesSchema } from './policy-config';

/**
 * The one place environment variables are read. Every value is validated at start-up; a bad value stops the
 * process with a message that names the variable and says how to fix it.
 */

const csv = z
  .string()
  .optional()
  .transform((raw) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** Empty counts as unset, so compose can pass `${PAYMENTS_BASE_URL:-}` through. */
const emptyIsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const optionalUrl = emptyIsUnset(z.url().optional());
const partnerKey = (sandboxKey = 'sandbox') => emptyIsUnset(z.string().default(sandboxKey));
const flag = z.enum(['true', 'false']).default('false');
const partnerSandboxFlags = Object.fromEntries(partnerPrefixes.map((prefix) => [`${prefix}_SANDBOX`, flag])) as Record<`${(typeof partnerPrefixes)[number]}_SANDBOX`, typeof flag>;

/**
 * What a worker process polls: the journeys' queue (workflows and any activity) with the entity queue beside it
 * (`workflows`), and the two activity queues.
 */
export const workerQueues = ['workflows', 'partners', 'database'] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .default('mysql://root@127.0.0.1:3306/aftercart')
    .refine((v) => /^mysql:\/\/[^/]+\/[A-Za-z0-9_]+$/.test(v), {
      message: 'must look like mysql://user:password@host:3306/database',
    }),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('aftercart'),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  AFTERCART_DATA_DIR: z.string().default('.data'),
  API_KEYS: csv.transform((entries, ctx) => {
    try {
      return parseApiKeys(entries);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  WEBHOOK_SECRET_EASYPOST: z.string().default(developmentSecrets.WEBHOOK_SECRET_EASYPOST),
  WEBHOOK_SECRET_AFTERSHIP: z.string().default(developmentSecrets.WEBHOOK_SECRET_AFTERSHIP),
  WEBHOOK_SECRET_SHIPPO: z.string().default(developmentSecrets.WEBHOOK_SECRET_SHIPPO),
  WEBHOOK_SECRET_GENERIC: z.string().default(developmentSecrets.WEBHOOK_SECRET_GENERIC),
  LINK_SIGNING_SECRET: z.string().optional(),
  LINK_SIGNING_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw?.trim()) return undefined;
      try {
        return parseLinkKeys(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  PARTNERS_SANDBOX: flag,
  ...partnerSandboxFlags,
  // Unset: http://localhost:<PORT>, so links follow the API's port.
  PUBLIC_BASE_URL: z.url().optional(),
  PAYMENTS_BASE_URL: optionalUrl,
  PAYMENTS_API_KEY: partnerKey('sk_test_sandbox'),
  NOTIFICATIONS_BASE_URL: optionalUrl,
  NOTIFICATIONS_API_KEY: partnerKey(),
  WAREHOUSE_BASE_URL: optionalUrl,
  WAREHOUSE_API_KEY: partnerKey(),
  INVENTORY_BASE_URL: optionalUrl,
  INVENTORY_API_KEY: partnerKey(),
  OPS_ALERTS_BASE_URL: optionalUrl,
  CARRIERS_BASE_URL: optionalUrl,
  CARRIERS_API_KEY: partnerKey(),
  OPS_ALERTS_API_KEY: partnerKey(),
  HELPDESK_BASE_URL: optionalUrl,
  HELPDESK_API_KEY: partnerKey(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(20),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  WORKER_ENTITY_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  WORKER_QUEUES: emptyIsUnset(
    z
      .string()
      .default('workflows,partners,database')
      .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(workerQueues), { message: `must list some of ${workerQueues.join(', ')}` }).min(1).transform((list) => [...new Set(list)])),
  ),
  WORKER_PARTNER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(50),
  WORKER_PARTNER_ACTIVITIES_PER_SECOND: emptyIsUnset(z.coerce.number().positive().optional()),
  WORKER_DATABASE_MAX_CONCURRENT_ACTIVITIES: emptyIsUnset(z.coerce.number().int().positive().optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(500).default(10),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_METRICS_HOST: z.string().default('0.0.0.0'),
  // Empty counts as unset, so compose can pass `${OTEL_EXPORTER_OTLP_ENDPOINT:-}` through.
  OTEL_EXPORTER_OTLP_ENDPOINT: emptyIsUnset(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://localhost:4318' }).optional()),
  OTEL_SERVICE_NAME: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AFTERCART_POLICY: policyFromJson,
  PAYLOAD_CODEC_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      try {
        return parsePayloadKeys(raw ?? '');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  CODEC_CORS_ORIGINS: z
    .string()
    .default('http://localhost:8233,http://127.0.0.1:8233,http://localhost:8080,http://127.0.0.1:8080')
    .transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean)),
  CODEC_UI_TOKEN: z.string().min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)').optional(),
  TEMPORAL_CALL_TIMEOUT: durationString.default('10 seconds'),
  SHUTDOWN_DRAIN_DELAY: durationString.optional(),
  UNMATCHED_WEBHOOK_RETENTION: durationString.default('30 days'),
  BRAND_NAME: z.string().trim().min(1).max(60).default('Aftercart'),
  BRAND_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #1f6feb').default('#1f6feb'),
  BRAND_LOGO_URL: emptyIsUnset(z.string().refine((v) => v.startsWith('/') || URL.canParse(v), 'must be a URL or a path on this service').optional()),
});

/**
 * Every variable the configuration reads: the schema's keys, plus the Temporal connection profile's
 * (@temporalio/envconfig, lib/temporal-connection.ts). `.env.example` lists exactly these.
 */
export const configVariables: readonly string[] = [
  ...Object.keys(envSchema.shape),
  ...temporalProfileVariables,
];

export type Env = z.infer<typeof envSchema>;

export interface PartnerEndpoint {
  /** Unset = sandbox: the call is recorded in outbound_messages and not sent anywhere. */
  baseUrl?: string;
  apiKey: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  databaseUrl: string;
  /** MySQL connections per process. */
  databasePoolSize: number;
  temporal: {
    /** Unset = start the embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    /** Frontend port of the embedded dev server `npm start` runs (TEMPORAL_ADDRESS unset). */
    port: number;
    uiPort: number;
    cliPath?: string;
    /** TLS, mTLS and API key for a real cluster or Temporal Cloud (lib/temporal-connection.ts). */
    profile: TemporalProfile;
    /** The deadline of every Temporal call the API makes for one request. */
    callTimeoutMs: number;
  };
  /** AES-256-GCM keys of the payload codec, the first encrypting. Empty outside production: a development key. */
  payloadKeys: PayloadKey[];
  codec: {
    /** Browser origins (the Temporal UI) allowed to call the codec endpoint. */
    corsOrigins: string[];
    /** Secret path segment for a Temporal UI that cannot send an API key: /codec/ui/<token>/decode. */
    uiToken?: string;
  };
  /** After SIGTERM, how long readiness answers "draining" before the server stops taking requests. */
  drainDelayMs: number;
  dataDir: string;
  /** Scoped API keys (API_KEYS); lib/runtime.ts adds a generated development key when none is set. */
  apiKeys: ApiKey[];
  webhookSecrets: { easypost: string; aftership: string; shippo: string; generic: string };
  /** Newest first: the first signs customer links, every one verifies them. */
  linkSigningKeys: LinkSigningKey[];
  publicBaseUrl: string;
  partners: {
    payments: PartnerEndpoint;
    notifications: PartnerEndpoint;
    warehouse: PartnerEndpoint;
    inventory: PartnerEndpoint;
    opsAlerts: PartnerEndpoint;
    /** Carrier API (or an aggregator): claims, redirects, customs broker messages, tracking look-ups. */
    carriers: PartnerEndpoint;
    /** Helpdesk (tickets for service follow-ups). */
    helpdesk: PartnerEndpoint;
  };
  worker: {
    maxConcurrentActivities: number;
    maxConcurrentWorkflowTasks: number;
    maxCachedWorkflows: number;
    /** Entity workflows (customers) kept in memory by the `<queue>-entities` worker: a few, they wake rarely. */
    entityMaxCachedWorkflows: number;
    /** The queues this process polls (workers/worker.ts). */
    queues: (typeof workerQueues)[number][];
    /** The `<queue>-partners` worker: its slots, and a rate limit shared by every worker of that queue. */
    partners: { maxConcurrentActivities: number; activitiesPerSecond?: number };
    /** The `<queue>-database` worker: its slots (by default the pool size, so no write waits for a connection). */
    database: { maxConcurrentActivities: number };
  };
  bodyLimitBytes: number;
  /** Carrier events no shipment took are deleted this long after they first arrived. */
  unmatchedWebhookRetentionMs: number;
  observability: {
    /** host:port where the worker serves Temporal's SDK metrics and ours for Prometheus; unset = not served. */
    workerMetricsAddress?: string;
    /** OTLP/HTTP collector base URL; unset = tracing off (no SDK started). */
    otlpEndpoint?: string;
    /** service.name on spans; the process kind (api, worker) is appended when unset. */
    serviceName?: string;
  };
  logLevel: Env['LOG_LEVEL'];
  policy: Policy;
  /** The customer pages' brand: name, accent colour and logo. */
  brand: { name: string; color: string; logoUrl?: string };
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nFix the environment variable(s) above and start again.`);
  }
  const e = parsed.data;
  if (e.LINK_SIGNING_KEYS && e.LINK_SIGNING_SECRET) {
    throw new ConfigError('Invalid configuration:\n  LINK_SIGNING_SECRET: set either LINK_SIGNING_SECRET or LINK_SIGNING_KEYS, not both (list the single secret in LINK_SIGNING_KEYS as "default:<secret>")');
  }
  const linkSigningKeys = e.LINK_SIGNING_KEYS ?? [{ id: singleLinkKeyId, secret: e.LINK_SIGNING_SECRET || developmentSecrets.LINK_SIGNING_SECRET }];
  if (e.NODE_ENV === 'production') {
    const problems = productionProblems({ source, apiKeys: e.API_KEYS, linkKeys: linkSigningKeys, payloadKeyCount: e.PAYLOAD_CODEC_KEYS.length });
    if (problems.length) {
      throw new ConfigError(`Refusing to start in production (NODE_ENV=production):\n${problems.map((p) => `  ${p}`).join('\n')}\nFix the environment variable(s) above and start again.`);
    }
  }
  let profile: TemporalProfile;
  try {
    profile = loadTemporalProfile(source);
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE / TEMPORAL_TLS_*: ${(error as Error).message}\nFix the environment variable(s) above and start again.`,
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS || profile.address || undefined,
      namespace: profile.namespace || e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
      profile,
      callTimeoutMs: msToNumber(e.TEMPORAL_CALL_TIMEOUT as never),
    },
    payloadKeys: e.PAYLOAD_CODEC_KEYS,
    codec: { corsOrigins: e.CODEC_CORS_ORIGINS, uiToken: e.CODEC_UI_TOKEN },
    drainDelayMs: msToNumber((e.SHUTDOWN_DRAIN_DELAY ?? (e.NODE_ENV === 'production' ? '5 seconds' : '0 seconds')) as never),
    dataDir: e.AFTERCART_DATA_DIR,
    apiKeys: e.API_KEYS,
    webhookSecrets: {
      easypost: e.WEBHOOK_SECRET_EASYPOST,
      aftership: e.WEBHOOK_SECRET_AFTERSHIP,
      shippo: e.WEBHOOK_SECRET_SHIPPO,
      generic: e.WEBHOOK_SECRET_GENERIC,
    },
    linkSigningKeys,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    partners: {
      payments: { baseUrl: e.PAYMENTS_BASE_URL, apiKey: e.PAYMENTS_API_KEY },
      notifications: { baseUrl: e.NOTIFICATIONS_BASE_URL, apiKey: e.NOTIFICATIONS_API_KEY },
      warehouse: { baseUrl: e.WAREHOUSE_BASE_URL, apiKey: e.WAREHOUSE_API_KEY },
      inventory: { baseUrl: e.INVENTORY_BASE_URL, apiKey: e.INVENTORY_API_KEY },
      opsAlerts: { baseUrl: e.OPS_ALERTS_BASE_URL, apiKey: e.OPS_ALERTS_API_KEY },
      carriers: { baseUrl: e.CARRIERS_BASE_URL, apiKey: e.CARRIERS_API_KEY },
      helpdesk: { baseUrl: e.HELPDESK_BASE_URL, apiKey: e.HELPDESK_API_KEY },
    },
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      entityMaxCachedWorkflows: e.WORKER_ENTITY_MAX_CACHED_WORKFLOWS,
      queues: e.WORKER_QUEUES,
      partners: { maxConcurrentActivities: e.WORKER_PARTNER_MAX_CONCURRENT_ACTIVITIES, activitiesPerSecond: e.WORKER_PARTNER_ACTIVITIES_PER_SECOND },
      database: { maxConcurrentActivities: e.WORKER_DATABASE_MAX_CONCURRENT_ACTIVITIES ?? e.DATABASE_POOL_SIZE },
    },
    databasePoolSize: e.DATABASE_POOL_SIZE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    unmatchedWebhookRetentionMs: msToNumber(e.UNMATCHED_WEBHOOK_RETENTION as never),
    observability: {
      workerMetricsAddress: e.WORKER_METRICS_PORT ? `${e.WORKER_METRICS_HOST}:${e.WORKER_METRICS_PORT}` : undefined,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME,
    },
    logLevel: e.LOG_LEVEL,
    policy: resolvePolicy(e.AFTERCART_POLICY),
    brand: { name: e.BRAND_NAME, color: e.BRAND_COLOR, logoUrl: e.BRAND_LOGO_URL },
  };
}
