import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config';
import { apiKeyId } from '../../lib/keys';
import { productionEnv, strongSecret } from '../support/production-env';

const strong = strongSecret;

const refusal = (env: Record<string, string | undefined>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('start-up was not refused');
};

const without = (env: Record<string, string>, name: string) => Object.fromEntries(Object.entries(env).filter(([key]) => key !== name));

describe('production start-up', () => {
  it('starts with strong secrets, scoped keys and every partner configured', () => {
    const config = loadConfig(productionEnv());
    expect(config.env).toBe('production');
    expect(config.apiKeys.map((k) => k.scopes)).toEqual([['storefront'], ['warehouse'], ['operator']]);
    expect(config.linkSigningKeys).toEqual([{ id: 'default', secret: strong('links') }]);
  });

  it.each(['WEBHOOK_SECRET_EASYPOST', 'WEBHOOK_SECRET_AFTERSHIP', 'WEBHOOK_SECRET_SHIPPO', 'WEBHOOK_SECRET_GENERIC', 'LINK_SIGNING_SECRET'])(
    'refuses when %s is unset, the development default, or shorter than 32 bytes',
    (name) => {
      expect(refusal(without(productionEnv(), name))).toMatch(new RegExp(`${name}: is unset`));
      const developmentDefault = name === 'LINK_SIGNING_SECRET' ? 'dev-link-signing-secret' : `dev-${name.replace('WEBHOOK_SECRET_', '').toLowerCase()}-secret`;
      expect(refusal({ ...productionEnv(), [name]: developmentDefault })).toMatch(new RegExp(`${name}: .*published development default`));
      const short = 'x7Gq2'.repeat(6); // 30 bytes
      const message = refusal({ ...productionEnv(), [name]: short });
      expect(message).toMatch(new RegExp(`${name}: .*30 bytes long, shorter than 32`));
      expect(message).not.toContain(short);
    },
  );

  it('refuses a short key in LINK_SIGNING_KEYS, naming its key id', () => {
    const env = { ...without(productionEnv(), 'LINK_SIGNING_SECRET'), LINK_SIGNING_KEYS: `k2:${strong('new')},k1:too-short` };
    expect(refusal(env)).toMatch(/LINK_SIGNING_KEYS: the secret of key k1 is 9 bytes long/);
  });

  it.each([
    ['change-me', /API_KEYS: the bare key key-\w{12} is a placeholder/],
    ['storefront:change-me', /API_KEYS: the storefront key key-\w{12} is a placeholder/],
    ['storefront:abc123', /API_KEYS: the storefront key key-\w{12} is 6 characters long, shorter than 24/],
    ['warehouse:abababababababababababababab', /API_KEYS: the warehouse key key-\w{12} uses fewer than 10 distinct characters/],
    [`${strong('bare')}`, /API_KEYS: the bare key key-\w{12} has no scope/],
    ['', /API_KEYS: is unset/],
  ])('refuses API_KEYS=%j', (keys, expected) => {
    const message = refusal({ ...productionEnv(), API_KEYS: keys });
    expect(message).toMatch(expected);
    if (keys.length > 12) expect(message).not.toContain(keys.replace(/^\w+:/, ''));
  });

  it.each(['PAYMENTS', 'NOTIFICATIONS', 'WAREHOUSE', 'INVENTORY', 'OPS_ALERTS', 'CARRIERS', 'HELPDESK'])('refuses a missing %s_BASE_URL unless sandbox mode is asked for', (prefix) => {
    const env = without(productionEnv(), `${prefix}_BASE_URL`);
    expect(refusal(env)).toMatch(new RegExp(`${prefix}_BASE_URL: is unset, so its calls would be recorded and never sent`));
    expect(refusal({ ...env, [`${prefix}_BASE_URL`]: '' })).toContain(`${prefix}_BASE_URL: is unset`);
    expect(loadConfig({ ...env, [`${prefix}_SANDBOX`]: 'true' }).partners).toBeDefined();
    expect(loadConfig({ ...env, PARTNERS_SANDBOX: 'true' }).partners).toBeDefined();
  });

  it('lists every problem at once', () => {
    const message = refusal({ NODE_ENV: 'production' });
    for (const name of ['WEBHOOK_SECRET_EASYPOST', 'WEBHOOK_SECRET_GENERIC', 'LINK_SIGNING_SECRET', 'API_KEYS', 'PAYLOAD_CODEC_KEYS', 'PAYMENTS_BASE_URL', 'CARRIERS_BASE_URL']) {
      expect(message).toContain(`${name}:`);
    }
  });
});

describe('development and test keep working without any secret set', () => {
  it('falls back to the development secrets and a bare key means every scope', () => {
    const config = loadConfig({ NODE_ENV: 'development', API_KEYS: 'local-key' });
    expect(config.webhookSecrets.generic).toBe('dev-generic-secret');
    expect(config.apiKeys).toEqual([{ id: apiKeyId('local-key'), secret: 'local-key', scopes: ['storefront', 'warehouse', 'operator'], bare: true }]);
  });

  it('gives a key listed under several scopes all of them, and refuses an unknown scope by name', () => {
    const config = loadConfig({ API_KEYS: 'storefront:k-one,operator:k-one,warehouse:k-two' });
    expect(config.apiKeys.map((k) => [k.secret, k.scopes])).toEqual([
      ['k-one', ['storefront', 'operator']],
      ['k-two', ['warehouse']],
    ]);
    expect(() => loadConfig({ API_KEYS: 'admin:k-one' })).toThrow(/API_KEYS: unknown scope "admin"/);
  });

  it('reads LINK_SIGNING_KEYS newest first and refuses it together with LINK_SIGNING_SECRET', () => {
    expect(loadConfig({ LINK_SIGNING_KEYS: 'k2:second, k1:first' }).linkSigningKeys).toEqual([
      { id: 'k2', secret: 'second' },
      { id: 'k1', secret: 'first' },
    ]);
    expect(() => loadConfig({ LINK_SIGNING_KEYS: 'k2:a,k2:b' })).toThrow(/LINK_SIGNING_KEYS: lists key id k2 twice/);
    expect(() => loadConfig({ LINK_SIGNING_KEYS: 'no-id-here' })).toThrow(/LINK_SIGNING_KEYS/);
    expect(() => loadConfig({ LINK_SIGNING_KEYS: 'k1:a', LINK_SIGNING_SECRET: 'b' })).toThrow(/either LINK_SIGNING_SECRET or LINK_SIGNING_KEYS/);
  });
});
