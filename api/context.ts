import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import type { Logger } from '../lib/logger';

/** What every route may use. Handlers stay thin: validate, call Temporal or a query, map the result. */
export interface AppDeps {
  config: Config;
  temporal: Client;
  orm: Orm;
  logger: Logger;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    deps: AppDeps;
    /** Who is acting on a customer-link route: the customer (signed token) or an operator (API key). */
    actor: 'customer' | 'operator';
  };
};
