import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedBundle, workflowSourceHash } from '../../workers/bundle-cache';

const dir = mkdtempSync(join(tmpdir(), 'aftercart-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the workflow bundle cache', () => {
  it('bundles once per version of the sources: a restarted worker reads the file instead of running webpack', async () => {
    let bundled = 0;
    const bundle = async () => ({ code: `/* bundle ${++bundled} */` });
    const first = await cachedBundle(join(dir, 'bundles'), bundle, 'abc123');
    const again = await cachedBundle(join(dir, 'bundles'), bundle, 'abc123');
    expect([first.cached, again.cached, again.code, bundled]).toEqual([false, true, '/* bundle 1 */', 1]);
    expect(readdirSync(join(dir, 'bundles'))).toEqual(['workflow-bundle-abc123.js']);
    const changed = await cachedBundle(join(dir, 'bundles'), bundle, 'def456');
    expect([changed.cached, changed.code, bundled]).toEqual([false, '/* bundle 2 */', 2]);
  });

  it('keys the bundle by the workflow sources, the lockfile and the bundle options: any change gives a new key', () => {
    const sources = join(dir, 'workflows');
    const [lockfile, options] = [join(dir, 'package-lock.json'), join(dir, 'bundle.ts')];
    mkdirSync(join(sources, 'order'), { recursive: true });
    writeFileSync(join(sources, 'order', 'workflow.ts'), 'export const a = 1;');
    writeFileSync(lockfile, '{"v":1}');
    writeFileSync(options, 'preloadModules: []');
    const hash = () => workflowSourceHash(sources, lockfile, options);
    const before = hash();
    expect(hash()).toBe(before);
    writeFileSync(join(sources, 'order', 'workflow.ts'), 'export const a = 2;');
    const edited = hash();
    writeFileSync(lockfile, '{"v":2}');
    const relocked = hash();
    writeFileSync(options, 'preloadModules: [workflowsPath]');
    expect(new Set([before, edited, relocked, hash()]).size).toBe(4);
  });

  it('a directory that cannot be written still gives a bundle', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    expect(await cachedBundle(join(file, 'bundles'), async () => ({ code: 'x' }), 'k')).toEqual({ code: 'x', cached: false });
  });
});
