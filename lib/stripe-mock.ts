import { join } from 'node:path';
import { buildWithGo, cacheDir, findGo, isExecutable, onPath, type Say } from './temporal-cli';

/**
 * stripe-mock, Stripe's own API mock: it validates every request against Stripe's OpenAPI spec. The payments
 * adapter's tests run against it. Found like the Temporal CLI: STRIPE_MOCK_PATH, `stripe-mock` on PATH, the
 * per-user cache, else built with `go install` into that cache (seconds). Undefined: no Go and no binary.
 */
export const STRIPE_MOCK_VERSION = 'v0.203.0';

export async function findOrBuildStripeMock(say: Say, explicitPath = process.env.STRIPE_MOCK_PATH): Promise<string | undefined> {
  if (explicitPath) {
    if (!isExecutable(explicitPath)) throw new Error(`STRIPE_MOCK_PATH=${explicitPath} is not an executable file.`);
    return explicitPath;
  }
  const fromPath = onPath('stripe-mock');
  if (fromPath) return fromPath;
  const cached = join(cacheDir(), 'bin', 'stripe-mock');
  if (isExecutable(cached)) return cached;
  const go = findGo();
  if (!go) {
    say('No stripe-mock found and no Go toolchain to build one.');
    return undefined;
  }
  await buildWithGo(go, join(cacheDir(), 'bin'), say, { module: `github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}`, name: `stripe-mock ${STRIPE_MOCK_VERSION}`, env: { GOFLAGS: '-mod=mod' } });
  return cached;
}
