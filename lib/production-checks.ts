import type { ApiKey, LinkSigningKey } from './keys';

/**
 * What NODE_ENV=production refuses to start with. Each problem names the variable and says how to fix it,
 * and never prints a secret. A published development secret lets anyone forge customer links and carrier
 * webhooks; a partner without a base URL would have refunds marked done that were never sent.
 */

/** The secrets lib/config.ts falls back to on a developer machine; published, so never good enough to serve. */
export const developmentSecrets = {
  WEBHOOK_SECRET_EASYPOST: 'dev-easypost-secret',
  WEBHOOK_SECRET_AFTERSHIP: 'dev-aftership-secret',
  WEBHOOK_SECRET_SHIPPO: 'dev-shippo-secret',
  WEBHOOK_SECRET_GENERIC: 'dev-generic-secret',
  LINK_SIGNING_SECRET: 'dev-link-signing-secret',
} as const;

const knownPlaceholders = new Set<string>([...Object.values(developmentSecrets), 'change-me', 'changeme', 'secret', 'sandbox']);

export const MIN_SECRET_BYTES = 32;
export const MIN_API_KEY_LENGTH = 24;
/** Distinct characters a key needs: "aaaaaaaaaaaaaaaaaaaaaaaa" or "123412341234123412341234" are not keys. */
export const MIN_API_KEY_VARIETY = 10;

/** The partners whose `<PREFIX>_BASE_URL` production requires, unless sandbox mode is asked for. */
export const partnerPrefixes = ['PAYMENTS', 'NOTIFICATIONS', 'WAREHOUSE', 'INVENTORY', 'OPS_ALERTS', 'CARRIERS', 'HELPDESK'] as const;

export interface ProductionInputs {
  source: NodeJS.ProcessEnv;
  apiKeys: ApiKey[];
  linkKeys: LinkSigningKey[];
  payloadKeyCount: number;
}

export function productionProblems({ source, apiKeys, linkKeys, payloadKeyCount }: ProductionInputs): string[] {
  const problems: string[] = [];
  const isSet = (name: string) => Boolean(source[name]?.trim());

  for (const name of ['WEBHOOK_SECRET_EASYPOST', 'WEBHOOK_SECRET_AFTERSHIP', 'WEBHOOK_SECRET_SHIPPO', 'WEBHOOK_SECRET_GENERIC'] as const) {
    const problem = isSet(name) ? secretProblem(source[name]!) : 'is unset';
    if (problem) problems.push(`${name}: ${problem}; set the provider's webhook signing secret (at least ${MIN_SECRET_BYTES} bytes)`);
  }

  if (!isSet('LINK_SIGNING_KEYS') && !isSet('LINK_SIGNING_SECRET')) {
    problems.push(`LINK_SIGNING_SECRET: is unset; set LINK_SIGNING_SECRET or LINK_SIGNING_KEYS ("k1:<secret>") to a random secret of at least ${MIN_SECRET_BYTES} bytes`);
  } else {
    const name = isSet('LINK_SIGNING_KEYS') ? 'LINK_SIGNING_KEYS' : 'LINK_SIGNING_SECRET';
    for (const key of linkKeys) {
      const problem = secretProblem(key.secret);
      if (problem) problems.push(`${name}: the secret of key ${key.id} ${problem}; customer links signed with it could be forged`);
    }
  }

  if (apiKeys.length === 0) problems.push('API_KEYS: is unset; list scoped keys as "storefront:<key>,warehouse:<key>,operator:<key>"');
  for (const key of apiKeys) {
    const problem = apiKeyProblem(key);
    if (problem) problems.push(`API_KEYS: the ${key.bare ? 'bare' : key.scopes.join('+')} key ${key.id} ${problem}`);
  }

  if (payloadKeyCount === 0) {
    problems.push('PAYLOAD_CODEC_KEYS: is unset; personal data in Temporal is encrypted with it: set "k1:<base64 of 32 bytes>", e.g. k1:$(openssl rand -base64 32)');
  }

  const allSandbox = source.PARTNERS_SANDBOX === 'true';
  for (const prefix of partnerPrefixes) {
    if (isSet(`${prefix}_BASE_URL`) || allSandbox || source[`${prefix}_SANDBOX`] === 'true') continue;
    problems.push(
      `${prefix}_BASE_URL: is unset, so its calls would be recorded and never sent; set it, or ask for sandbox mode explicitly with ${prefix}_SANDBOX=true (or PARTNERS_SANDBOX=true for every partner)`,
    );
  }
  return problems;
}

function secretProblem(secret: string): string | undefined {
  if (knownPlaceholders.has(secret)) return 'is a published development default';
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) return `is ${bytes} bytes long, shorter than ${MIN_SECRET_BYTES}`;
  return undefined;
}

function apiKeyProblem(key: ApiKey): string | undefined {
  if (knownPlaceholders.has(key.secret) || key.secret.startsWith('dev_')) return 'is a placeholder or development key';
  if (key.bare) return 'has no scope: production keys are listed as <scope>:<key> (storefront, warehouse, operator)';
  if (key.secret.length < MIN_API_KEY_LENGTH) return `is ${key.secret.length} characters long, shorter than ${MIN_API_KEY_LENGTH}`;
  if (new Set(key.secret).size < MIN_API_KEY_VARIETY) return `uses fewer than ${MIN_API_KEY_VARIETY} distinct characters`;
  return undefined;
}
