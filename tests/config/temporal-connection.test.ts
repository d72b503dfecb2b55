import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { productionEnv } from '../support/production-env';

const dir = mkdtempSync(join(tmpdir(), 'aftercart-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

/** The options the API, the worker and the scripts pass to Connection.connect / NativeConnection.connect. */
const connectionOf = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return { config, options: temporalConnectionOptions(config.temporal.profile, config.temporal.address ?? 'unset') };
};

describe('Temporal connection from configuration', () => {
  it('a local cluster needs nothing but the address: no TLS, no API key', () => {
    const { options } = connectionOf({ TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(options).toEqual({ address: 'temporal:7233' });
  });

  it('Temporal Cloud with an API key: the key is sent and TLS is on', () => {
    const { config, options } = connectionOf({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_NAMESPACE: 'shop.a1b2c', TEMPORAL_API_KEY: 'tmprl-secret' });
    expect(config.temporal.namespace).toBe('shop.a1b2c');
    expect(options).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', apiKey: 'tmprl-secret', tls: true });
  });

  it('mTLS: client certificate and key, the server CA and server name come from the files named', () => {
    const { options } = connectionOf({
      TEMPORAL_ADDRESS: 'shop.a1b2c.tmprl.cloud:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CLIENT CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'CLIENT KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'SERVER CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const tls = options.tls as { clientCertPair: { crt: Uint8Array; key: Uint8Array }; serverRootCACertificate: Uint8Array; serverNameOverride: string };
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CLIENT CERT');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('CLIENT KEY');
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('SERVER CA');
    expect(tls.serverNameOverride).toBe('temporal.internal');
  });

  it('a profile from the config file, with environment variables winning over it', () => {
    const toml = file(
      'temporal.toml',
      ['[profile.cloud]', 'address = "shop.a1b2c.tmprl.cloud:7233"', 'namespace = "shop.a1b2c"', 'api_key = "from-file"', '[profile.cloud.grpc_meta]', 'x-team = "ops"'].join('\n'),
    );
    const fromFile = connectionOf({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud' });
    expect(fromFile.config.temporal.address).toBe('shop.a1b2c.tmprl.cloud:7233');
    expect(fromFile.config.temporal.namespace).toBe('shop.a1b2c');
    expect(fromFile.options).toMatchObject({ apiKey: 'from-file', tls: true, metadata: { 'x-team': 'ops' } });

    const overridden = connectionOf({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'staging', TEMPORAL_API_KEY: 'from-env' });
    expect(overridden.config.temporal.namespace).toBe('staging');
    expect(overridden.options.apiKey).toBe('from-env');
  });

  it('stops start-up naming the setting when a certificate file or profile is missing', () => {
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'nope.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'nope.key') })).toThrow(
      /TEMPORAL_TLS_\*.*nope\.pem/s,
    );
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file('empty.toml', ''), TEMPORAL_PROFILE: 'missing' })).toThrow(ConfigError);
  });
});

describe('payload codec keys from configuration', () => {
  it('are required in production, naming the variable', () => {
    expect(() => loadConfig({ ...productionEnv(), PAYLOAD_CODEC_KEYS: '' })).toThrow(/PAYLOAD_CODEC_KEYS: is unset; personal data in Temporal is encrypted with it/);
    expect(loadConfig({ ...productionEnv(), PAYLOAD_CODEC_KEYS: `k2:${key(2)},k1:${key(1)}` }).payloadKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('refuse a key that is not 32 bytes, naming the variable and the key', () => {
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: 'k1:dG9vIHNob3J0' })).toThrow(/PAYLOAD_CODEC_KEYS: key "k1" must be 32 random bytes/);
  });

  it('set a deadline for Temporal calls and a drain delay that is on in production only', () => {
    expect(loadConfig({}).temporal.callTimeoutMs).toBe(10_000);
    expect(loadConfig({ TEMPORAL_CALL_TIMEOUT: '3 seconds' }).temporal.callTimeoutMs).toBe(3000);
    expect(() => loadConfig({ TEMPORAL_CALL_TIMEOUT: 'soon' })).toThrow(/TEMPORAL_CALL_TIMEOUT/);
    expect(loadConfig({}).drainDelayMs).toBe(0);
    expect(loadConfig(productionEnv()).drainDelayMs).toBe(5000);
  });
});
