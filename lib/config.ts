import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { productionPolicy, type Policy } from '../workflows/policy';

/**
 * The one place environment variables are read. Every value is validated at start-up; a bad value stops the
 * process with a message that names the variable and says how to fix it.
 */

const durationString = z.string().refine(
  (value) => {
    try {
      return msToNumber(value as never) >= 0;
    } catch {
      return false;
    }
  },
  { message: 'must be a duration such as "2 days", "90 minutes" or "500ms"' },
);

/** Each policy key's schema follows its production default: durations, counts, or one of the listed choices. */
const choices: Partial<Record<keyof Policy, readonly [string, ...string[]]>> = {
  afterFailedAttempts: ['pickup_point', 'return_to_sender'],
  lostOrDamagedResolution: ['reship', 'refund'],
};
const policyShape = Object.fromEntries(
  Object.entries(productionPolicy).map(([key, value]) => {
    const options = choices[key as keyof Policy];
    const schema = options ? z.enum(options) : typeof value === 'number' ? z.number().int().nonnegative() : durationString;
    return [key, schema.optional()];
  }),
) as unknown as { [K in keyof Policy]: z.ZodOptional<z.ZodType<Policy[K]>> };
export const policyOverridesSchema = z.object(policyShape).strict();

const policyFromJson = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (!raw) return {};
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"shipBySla":"3 days"}' });
      return z.NEVER;
    }
  })
  .pipe(policyOverridesSchema);

const csv = z
  .string()
  .optional()
  .transform((raw) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const optionalUrl = z.url().optional();

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
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  AFTERCART_DATA_DIR: z.string().default('.data'),
  API_KEYS: csv,
  WEBHOOK_SECRET_EASYPOST: z.string().default('dev-easypost-secret'),
  WEBHOOK_SECRET_AFTERSHIP: z.string().default('dev-aftership-secret'),
  WEBHOOK_SECRET_SHIPPO: z.string().default('dev-shippo-secret'),
  WEBHOOK_SECRET_GENERIC: z.string().default('dev-generic-secret'),
  LINK_SIGNING_SECRET: z.string().default('dev-link-signing-secret'),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  PAYMENTS_BASE_URL: optionalUrl,
  PAYMENTS_API_KEY: z.string().default('sk_test_sandbox'),
  NOTIFICATIONS_BASE_URL: optionalUrl,
  NOTIFICATIONS_API_KEY: z.string().default('sandbox'),
  WAREHOUSE_BASE_URL: optionalUrl,
  WAREHOUSE_API_KEY: z.string().default('sandbox'),
  INVENTORY_BASE_URL: optionalUrl,
  INVENTORY_API_KEY: z.string().default('sandbox'),
  OPS_ALERTS_BASE_URL: optionalUrl,
  CARRIERS_BASE_URL: optionalUrl,
  CARRIERS_API_KEY: z.string().default('sandbox'),
  OPS_ALERTS_API_KEY: z.string().default('sandbox'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(20),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AFTERCART_POLICY: policyFromJson,
});

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
  temporal: {
    /** Unset = start the embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    uiPort: number;
    cliPath?: string;
  };
  dataDir: string;
  apiKeys: string[];
  webhookSecrets: { easypost: string; aftership: string; shippo: string; generic: string };
  linkSigningSecret: string;
  publicBaseUrl: string;
  partners: {
    payments: PartnerEndpoint;
    notifications: PartnerEndpoint;
    warehouse: PartnerEndpoint;
    inventory: PartnerEndpoint;
    opsAlerts: PartnerEndpoint;
    /** Carrier API (or an aggregator): claims, redirects, customs broker messages, tracking look-ups. */
    carriers: PartnerEndpoint;
  };
  worker: { maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number };
  bodyLimitBytes: number;
  logLevel: Env['LOG_LEVEL'];
  policy: Policy;
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nFix the environment variable(s) above and start again.`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS || undefined,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiPort: e.TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
    },
    dataDir: e.AFTERCART_DATA_DIR,
    apiKeys: e.API_KEYS,
    webhookSecrets: {
      easypost: e.WEBHOOK_SECRET_EASYPOST,
      aftership: e.WEBHOOK_SECRET_AFTERSHIP,
      shippo: e.WEBHOOK_SECRET_SHIPPO,
      generic: e.WEBHOOK_SECRET_GENERIC,
    },
    linkSigningSecret: e.LINK_SIGNING_SECRET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    partners: {
      payments: { baseUrl: e.PAYMENTS_BASE_URL, apiKey: e.PAYMENTS_API_KEY },
      notifications: { baseUrl: e.NOTIFICATIONS_BASE_URL, apiKey: e.NOTIFICATIONS_API_KEY },
      warehouse: { baseUrl: e.WAREHOUSE_BASE_URL, apiKey: e.WAREHOUSE_API_KEY },
      inventory: { baseUrl: e.INVENTORY_BASE_URL, apiKey: e.INVENTORY_API_KEY },
      opsAlerts: { baseUrl: e.OPS_ALERTS_BASE_URL, apiKey: e.OPS_ALERTS_API_KEY },
      carriers: { baseUrl: e.CARRIERS_BASE_URL, apiKey: e.CARRIERS_API_KEY },
    },
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    logLevel: e.LOG_LEVEL,
    policy: { ...productionPolicy, ...e.AFTERCART_POLICY },
  };
}
