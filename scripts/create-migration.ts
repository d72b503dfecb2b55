/**
 * Writes the next migration (the difference between the entities and a database migrated to the last committed
 * migration) into migrations/. Then add its class to migrations/index.ts and commit both.
 * Usage: npm run migration:create  (uses DATABASE_URL's server with a scratch database)
 */
import { MikroORM } from '@mikro-orm/mysql';
import { ormConfig } from '../mikro-orm.config';

async function main() {
  const base = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/aftercart';
  const scratch = base.replace(/\/[A-Za-z0-9_]+$/, '/aftercart_migration_scratch');
  const config = ormConfig(scratch);
  const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, path: 'migrations', pathTs: 'migrations', emit: 'ts', fileName: (ts: string, name?: string) => `Migration${ts}${name ? `_${name}` : ''}` } });
  try {
    await orm.schema.dropDatabase('aftercart_migration_scratch');
    await orm.schema.createDatabase('aftercart_migration_scratch');
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration('migrations', false, false, process.argv[2]);
    console.log(result.fileName ? `Wrote migrations/${result.fileName}; add it to migrations/index.ts` : 'No schema changes.');
  } finally {
    await orm.close(true);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
