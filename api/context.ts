import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import type { Logger } from '../lib/logger';
import type { ApiMetrics } from './metrics';

/** What every route may use. Handlers stay thin: validate, call Temporal or a query, map the result. */
export interface AppDeps {
  config: Config;
  temporal: Client;
  orm: Orm;
  logger: Logger;
  /** Set on SIGTERM: readiness answers "draining" so the load balancer stops sending before the server closes. */
  lifecycle?: { draining: boolean };
}

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    deps: AppDeps;
    /** Who is acting on a customer-link route: the customer (signed token) or an operator (API key). */
    actor: 'customer' | 'operator';
    metrics: ApiMetrics;
    /** The workflow(s) this request touched (comma-separated for a multi-parcel webhook); it goes on the request log line. */
    workflowId?: string;
    /** Fingerprint of the API key that authorized this request (lib/keys.ts apiKeyId); never the key itself. */
    keyId?: string;
    /** Nonce of the HTML page's inline style and script (api/html-page.ts). */
    cspNonce?: string;
  };
};
