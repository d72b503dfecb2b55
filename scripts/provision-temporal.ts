/**
 * Finds or builds the Temporal CLI (see lib/temporal-cli.ts) and stripe-mock (lib/stripe-mock.ts, for the
 * payments adapter's tests) and prints their paths. Used by CI to warm the cache.
 */
import { findOrBuildStripeMock } from '../lib/stripe-mock';
import { findOrBuildTemporalCli } from '../lib/temporal-cli';

async function main() {
  const temporal = await findOrBuildTemporalCli(process.env.TEMPORAL_CLI_PATH, (message) => console.log(`[temporal] ${message}`));
  console.log(temporal ? `[temporal] CLI: ${temporal}` : '[temporal] no local CLI; the SDK will download one when needed');
  const stripeMock = await findOrBuildStripeMock((message) => console.log(`[stripe-mock] ${message}`));
  console.log(stripeMock ? `[stripe-mock] ${stripeMock}` : '[stripe-mock] not available: the payments adapter test will fail');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
