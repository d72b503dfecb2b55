import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Finds the Temporal CLI (which embeds the dev server and its Web UI), building it when we can.
 * Order: TEMPORAL_CLI_PATH, `temporal` on PATH, the per-user cache, a `go install` into that cache,
 * and finally `undefined`, which tells the caller to let the SDK download the CLI (needs internet).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aftercart');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

export type Say = (message: string) => void;

export async function findOrBuildTemporalCli(explicitPath: string | undefined, say: Say): Promise<string | undefined> {
  if (explicitPath) {
    if (!isExecutable(explicitPath)) {
      throw new Error(`TEMPORAL_CLI_PATH=${explicitPath} is not an executable file. Point it at a Temporal CLI or unset it.`);
    }
    return explicitPath;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const cached = join(cacheDir(), 'bin', 'temporal');
  if (isExecutable(cached)) return cached;

  const go = findGo();
  if (!go) {
    say('No Temporal CLI found and no Go toolchain to build one; the Temporal SDK will download it (needs internet).');
    return undefined;
  }
  await buildWithGo(go, join(cacheDir(), 'bin'), say, { module: CLI_MODULE, name: `the Temporal CLI ${TEMPORAL_CLI_VERSION}` });
  return cached;
}

/** The Go toolchain on PATH or in its usual place. */
export function findGo(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** A download that stops moving (seen: a proxy socket that never closes) is killed after this long and retried. */
const STALL_LIMIT_MS = 180_000;
const BUILD_ATTEMPTS = 3;

/** A Go program to build into the cache: its module@version, a name for messages, extra environment. */
export interface GoTool {
  module: string;
  name: string;
  env?: Record<string, string>;
}

export async function buildWithGo(go: string, binDir: string, say: Say, tool: GoTool): Promise<void> {
  mkdirSync(binDir, { recursive: true });
  say(`Building ${tool.name} with Go into ${binDir} (first time only)...`);
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await goInstallOnce(go, binDir, started, say, tool);
      break;
    } catch (error) {
      if (attempt === BUILD_ATTEMPTS) throw error;
      say(`  ${(error as Error).message}; trying again (${attempt + 1}/${BUILD_ATTEMPTS})...`);
    }
  }
  say(`Built ${tool.name} in ${Math.round((Date.now() - started) / 1000)}s.`);
}

/** One `go install -x`: -x prints every step, so silence for STALL_LIMIT_MS means a hung download. */
function goInstallOnce(go: string, binDir: string, started: number, say: Say, tool: GoTool): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-x', tool.module], {
      env: { ...process.env, ...tool.env, GOBIN: binDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let downloaded = 0;
    let lastLine = '';
    let lastOutputAt = Date.now();
    let stalled = false;
    const onData = (chunk: Buffer) => {
      lastOutputAt = Date.now();
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (!line.startsWith('#') && !line.startsWith('mkdir') && !line.startsWith('cd ')) lastLine = line;
        if (line.startsWith('go: downloading')) downloaded += 1;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      say(`  ...still building ${tool.name} (${seconds}s, ${downloaded} modules downloaded)`);
      if (Date.now() - lastOutputAt > STALL_LIMIT_MS) {
        stalled = true;
        child.kill('SIGKILL');
      }
    }, 15_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else if (stalled) reject(new Error(`go install made no progress for ${STALL_LIMIT_MS / 1000}s`));
      else reject(new Error(`go install ${tool.module} failed (exit ${code}): ${lastLine}`));
    });
  });
}
