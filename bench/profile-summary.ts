/**
 * Summarizes V8 CPU profiles (`node --cpu-prof`, e.g. from `BENCH_CPU_PROFILE=<dir> npm run bench:storm`): the
 * functions with the most self time, and self time by package, so the biggest costs stand out without a browser.
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile>... [--top N] [--from S] (S: skip the first S seconds, start-up)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const top = option('--top', 25);
const fromMs = option('--from', 0) * 1000;
const files = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));

const selfMs = new Map<string, number>();
const byPackage = new Map<string, number>();
let totalMs = 0;
let idleMs = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  let atMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    atMs += ms;
    if (atMs < fromMs) return;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    totalMs += ms;
    if (functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    const where = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
    const pkg = !url ? `(${functionName})` : url.startsWith('node:') ? 'node: built-ins' : /node_modules\//.test(url) ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : 'aftercart';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  });
}
const busy = totalMs - idleMs;
const rows = (map: Map<string, number>) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `  ${ms.toFixed(0).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)} %  ${name}`);
console.log(`${files.length} profile(s): ${(totalMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (not idle)`);
console.log('\nSelf time by package (share of busy time):');
console.log(rows(byPackage).join('\n'));
console.log('\nSelf time by function:');
console.log(rows(selfMs).join('\n'));
