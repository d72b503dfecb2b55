import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';

/**
 * How to reach Temporal, read the way every Temporal SDK and the CLI read it (`@temporalio/envconfig`): a profile
 * from the config file (`TEMPORAL_CONFIG_FILE`, default `~/.config/temporalio/temporal.toml`, profile
 * `TEMPORAL_PROFILE`), overridden by `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS`,
 * `TEMPORAL_TLS_CLIENT_CERT_PATH` / `_KEY_PATH` / `TEMPORAL_TLS_SERVER_CA_CERT_PATH` (or their `_DATA` forms),
 * `TEMPORAL_TLS_SERVER_NAME` and `TEMPORAL_GRPC_META_*`. An API key turns TLS on (Temporal Cloud).
 */
export interface TemporalProfile {
  address?: string;
  namespace?: string;
  apiKey?: string;
  /** `true`: TLS with the system's roots; an object: server CA, client certificate (mTLS), server name. */
  tls?: TLSConfig | boolean;
  metadata?: Record<string, string>;
}

export function loadTemporalProfile(env: Record<string, string | undefined>): TemporalProfile {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: defined });
  const apiKey = typeof connectionOptions.apiKey === 'string' ? connectionOptions.apiKey : undefined;
  const metadata = Object.fromEntries(Object.entries(connectionOptions.metadata ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    address: connectionOptions.address,
    namespace,
    apiKey,
    tls: connectionOptions.tls ?? undefined,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}

/**
 * The connection options the API, the worker and the scripts all pass to `Connection.connect` (client) and
 * `NativeConnection.connect` (worker): one place, so a TLS or API-key setting cannot reach one and miss the other.
 */
export function temporalConnectionOptions(profile: TemporalProfile, address: string) {
  return {
    address,
    ...(profile.tls !== undefined && { tls: profile.tls }),
    ...(profile.apiKey && { apiKey: profile.apiKey }),
    ...(profile.metadata && { metadata: profile.metadata }),
  };
}

/**
 * The variables @temporalio/envconfig reads besides TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE (which lib/config.ts
 * reads too); TEMPORAL_GRPC_META_<NAME> stands for any header. Listed in .env.example.
 */
export const temporalProfileVariables = [
  'TEMPORAL_CONFIG_FILE',
  'TEMPORAL_PROFILE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
  'TEMPORAL_GRPC_META_<NAME>',
] as const;
