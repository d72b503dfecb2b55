import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');

/** Every file under a directory, sorted, so the same sources always give the same list. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/**
 * A hash of what goes into the workflow bundle: the workflow sources, the locked dependency versions and how the
 * bundle is built (workers/bundle.ts: interceptors, preloaded modules).
 */
export function workflowSourceHash(workflowsDir = join(root, 'workflows'), lockfile = join(root, 'package-lock.json'), bundleOptions = join(__dirname, 'bundle.ts')): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(workflowsDir), lockfile, bundleOptions]) {
    hash.update(relative(workflowsDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The workflow bundle for these sources from `<dir>/workflow-bundle-<hash>.js`, or built by `bundle` and kept
 * there. A restarted worker skips webpack (~10 s); a changed workflow gets a new file. A directory that cannot be
 * written (a read-only image) only costs the cache.
 */
export async function cachedBundle(dir: string, bundle: () => Promise<{ code: string }>, hash = workflowSourceHash()): Promise<{ code: string; cached: boolean }> {
  const file = join(dir, `workflow-bundle-${hash}.js`);
  try {
    return { code: readFileSync(file, 'utf8'), cached: true };
  } catch {
    // not built yet for these sources
  }
  const { code } = await bundle();
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, code);
    renameSync(`${file}.tmp`, file); // a half-written bundle is never read
  } catch {
    // read-only: bundle again next start
  }
  return { code, cached: false };
}
