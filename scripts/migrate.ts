/**
 * `npm run migrate`: creates the database if missing, applies the committed migrations that have not run yet,
 * prints them and exits. A one-shot step before the API and worker start (they never migrate).
 */
import { ConfigError, loadConfig } from '../lib/config';
import { openDatabase, redact } from '../lib/database';

async function main() {
  const config = loadConfig();
  console.log(`[aftercart] Migrating ${redact(config.databaseUrl)}...`);
  const orm = await openDatabase(config.databaseUrl);
  try {
    // The same step as openDatabase(url, { migrate: true }), done here so the applied list can be printed.
    const applied = await orm.getMigrator().up();
    if (applied.length === 0) console.log('[aftercart] Schema is up to date: no pending migrations.');
    for (const migration of applied) console.log(`[aftercart] Applied ${migration.name}`);
    const executed = await orm.getMigrator().getExecutedMigrations();
    console.log(`[aftercart] ${executed.length} migration(s) applied in total.`);
  } finally {
    await orm.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
