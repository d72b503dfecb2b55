import { defineConfig } from '@mikro-orm/mysql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrationsList } from './migrations';

/**
 * The one MikroORM configuration. Entities are listed explicitly; migrations are committed classes listed in
 * migrations/index.ts; the schema is never synced implicitly. The database itself is created if missing.
 */
export function ormConfig(databaseUrl: string, overrides: { debug?: boolean; pool?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    charset: 'utf8mb4',
    timezone: '+00:00',
    pool: { min: 0, max: overrides.pool ?? 10 },
    debug: overrides.debug ?? false,
    ensureDatabase: true,
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    discovery: { warnWhenNoEntities: true },
  });
}

export default ormConfig(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/aftercart');
