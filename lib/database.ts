import { ConnectionException, MikroORM } from '@mikro-orm/mysql';
import { ormConfig } from '../mikro-orm.config';

export type Orm = MikroORM;

/** Connects (creating the database when missing) and applies committed migrations. */
export async function openDatabase(databaseUrl: string, options: { migrate?: boolean; pool?: number } = {}): Promise<Orm> {
  let orm: Orm;
  try {
    orm = await MikroORM.init(ormConfig(databaseUrl, { pool: options.pool }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach MySQL at DATABASE_URL=${redact(databaseUrl)} (${reason}).\n` +
        'Start a database (for example `docker compose up -d mysql`) or set DATABASE_URL to a reachable MySQL 8 / MariaDB 10.11.',
    );
  }
  if (options.migrate) await orm.getMigrator().up();
  return orm;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Codes of a MySQL server that is down, unreachable or refusing connections (mysql2 and Node's sockets). */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * Whether an error means "the database is not there right now" (a retry later may succeed), as opposed to a bad
 * query: MikroORM's wrapped driver errors, mysql2's fatal errors, and the pool giving up on acquiring a connection.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { code, fatal } = e as { code?: unknown; fatal?: unknown };
    if (e instanceof ConnectionException || e.name === 'KnexTimeoutError' || fatal === true) return true;
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  }
  return false;
}
