/**
 * Builds the workflow bundle into AFTERCART_DATA_DIR/bundles (the image runs it at build time), so a starting
 * worker finds it instead of running webpack.
 */
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { cachedBundle, workflowSourceHash } from '../workers/bundle-cache';
import { bundleWorkflows } from '../workers/worker';

async function main() {
  // Only the data directory is read; an image build has no secrets, so production checks do not apply here.
  const dir = join(loadConfig({ ...process.env, NODE_ENV: 'development' }).dataDir, 'bundles');
  const { cached } = await cachedBundle(dir, bundleWorkflows);
  console.log(`workflow bundle ${workflowSourceHash()} ${cached ? 'already in' : 'written to'} ${dir}`);
}

void main();
