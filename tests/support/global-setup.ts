import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../lib/database';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../lib/temporal-server';
import { bundleWorkflows } from '../../workers/worker';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}

/**
 * One Temporal dev server (or TEMPORAL_ADDRESS), one freshly migrated test database and one workflow bundle
 * for the whole run. Test files each use their own task queue.
 */
export default async function setup(project: TestProject) {
  const say = (message: string) => console.log(`[test setup] ${message}`);
  const scratch = mkdtempSync(join(tmpdir(), 'aftercart-test-'));
  const serverUrl = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/aftercart').replace(/\/[A-Za-z0-9_]+$/, '');
  const databaseUrl = `${serverUrl}/aftercart_test_${process.pid}`;

  const [temporal, orm, bundle] = await Promise.all([
    process.env.TEMPORAL_ADDRESS
      ? Promise.resolve<EmbeddedTemporal>({ address: process.env.TEMPORAL_ADDRESS, stop: async () => undefined })
      : startEmbeddedTemporal({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default', say }),
    openDatabase(databaseUrl, { migrate: true }),
    bundleWorkflows(),
  ]);
  const workflowBundlePath = join(scratch, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);
  say(`Temporal ${temporal.address}, database ${databaseUrl.replace(/\/\/.*@/, '//')}, workflows bundled`);

  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', databaseUrl);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await orm.schema.dropDatabase(`aftercart_test_${process.pid}`).catch(() => undefined);
    await orm.close(true);
    await temporal.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
