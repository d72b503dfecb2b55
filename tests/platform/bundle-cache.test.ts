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

  it('keys the bundle by the workflow sources and the lockfile: any change gives a new key', () => {
    const sources = join(dir, 'workflows');
    mkdirSync(join(sources, 'order'), { recursive: true });
    writeFileSync(join(sources, 'order', 'workflow.ts'), 'export const a = 1;');
    writeFileSync(join(dir, 'package-lock.json'), '{"v":1}');
    const before = workflowSourceHash(sources, join(dir, 'package-lock.json'));
    expect(workflowSourceHash(sources, join(dir, 'package-lock.json'))).toBe(before);
    writeFileSync(join(sources, 'order', 'workflow.ts'), 'export const a = 2;');
    const edited = workflowSourceHash(sources, join(dir, 'package-lock.json'));
    writeFileSync(join(dir, 'package-lock.json'), '{"v":2}');
    expect(new Set([before, edited, workflowSourceHash(sources, join(dir, 'package-lock.json'))]).size).toBe(3);
  });

  it('a directory that cannot be written still gives a bundle', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    expect(await cachedBundle(join(file, 'bundles'), async () => ({ code: 'x' }), 'k')).toEqual({ code: 'x', cached: false });
  });
});
