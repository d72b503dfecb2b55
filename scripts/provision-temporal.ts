/** Finds or builds the Temporal CLI (see lib/temporal-cli.ts) and prints its path. Used by CI to warm the cache. */
import { findOrBuildTemporalCli } from '../lib/temporal-cli';

findOrBuildTemporalCli(process.env.TEMPORAL_CLI_PATH, (message) => console.log(`[temporal] ${message}`)).then(
  (path) => console.log(path ? `[temporal] CLI: ${path}` : '[temporal] no local CLI; the SDK will download one when needed'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
