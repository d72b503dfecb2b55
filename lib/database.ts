import { MikroORM } from '@mikro-orm/mysql';
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
