import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributes } from '../workflows/search-attributes';
import { findOrBuildTemporalCli, type Say } from './temporal-cli';

export interface EmbeddedTemporalOptions {
  cliPath?: string;
  namespace: string;
  /** Persist to this SQLite file (WAL mode); omit for an in-memory server. */
  dbFilename?: string;
  port?: number;
  uiPort?: number;
  /** The remote codec endpoint the Web UI decodes payloads with (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  say: Say;
}

export interface EmbeddedTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts the Temporal CLI's dev server with our search attributes registered and updates enabled. */
export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  const cli = await findOrBuildTemporalCli(options.cliPath, options.say);
  const extraArgs = ['--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true'];
  if (options.uiPort !== undefined && options.uiCodecEndpoint) extraArgs.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    extraArgs.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  options.say(`Starting the Temporal dev server${cli ? ` (${cli})` : ' (SDK download)'}...`);
  const launch = {
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      namespace: options.namespace,
      dbFilename: options.dbFilename,
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: allSearchAttributes,
      extraArgs,
      log: { format: 'json', level: 'error' },
    },
  } satisfies Parameters<typeof TestWorkflowEnvironment.createLocal>[0];
  // The SDK's launcher occasionally fails to spawn the server on a loaded machine (seen: "Bad address (os error 14)");
  // the retry we saw succeed was immediate, so try up to three times before giving up.
  let env: TestWorkflowEnvironment | undefined;
  for (let attempt = 1; !env; attempt += 1) {
    try {
      env = await TestWorkflowEnvironment.createLocal(launch);
    } catch (error) {
      if (attempt === 3) throw error;
      options.say(`The Temporal dev server did not start (${(error as Error).message}); trying again...`);
    }
  }
  const address = env.connection.options.address;
  return {
    address,
    uiUrl: options.uiPort !== undefined ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
