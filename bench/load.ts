/** Load generators and the small amount of statistics and formatting the benchmarks print. */

export interface PhaseResult {
  label: string;
  count: number;
  elapsedMs: number;
  /** Per-request latency in ms. */
  latencies: number[];
}

/**
 * Closed loop: `concurrency` lanes each send the next request as soon as their previous one is answered, until
 * `count` have been sent. Measures throughput at a fixed number of requests in flight. Stops at the first failure.
 */
export async function closedLoop(label: string, count: number, concurrency: number, send: (index: number) => Promise<void>): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < count && failure === undefined) {
      const index = next++;
      const started = performance.now();
      try {
        await send(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const elapsedMs = performance.now() - started;
  if (failure !== undefined) throw failure;
  return { label, count, elapsedMs, latencies };
}

/**
 * Open loop: request i is due at start + i/rate whatever happened to earlier ones (a carrier does not wait for
 * our answer before sending the next webhook). Latency counts from the due time, so a stall on our side shows
 * up in the figures instead of silently slowing the sender down (no coordinated omission).
 */
export async function openLoop(label: string, ratePerSecond: number, durationMs: number, send: (index: number) => Promise<void>): Promise<PhaseResult> {
  const count = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const intervalMs = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const dueAt = started + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(index).then(() => void latencies.push(performance.now() - dueAt)));
  }
  await Promise.all(inFlight);
  return { label, count, elapsedMs: performance.now() - started, latencies };
}

/** Nearest-rank percentile of ascending-sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function ratePerSecond(result: Pick<PhaseResult, 'count' | 'elapsedMs'>): number {
  return (result.count * 1000) / result.elapsedMs;
}

/** Several phases of the same mode taken together (total requests over total time; all latencies). */
export function combine(label: string, results: PhaseResult[]): PhaseResult {
  return {
    label,
    count: results.reduce((sum, r) => sum + r.count, 0),
    elapsedMs: results.reduce((sum, r) => sum + r.elapsedMs, 0),
    latencies: results.flatMap((r) => r.latencies),
  };
}

/** Throughput ratio of A over B for each round of an A B A B run (results in that order), e.g. "0.81, 0.77". */
export function perRoundRatios(results: PhaseResult[]): string {
  const ratios: string[] = [];
  for (let i = 0; i + 1 < results.length; i += 2) ratios.push((ratePerSecond(results[i]) / ratePerSecond(results[i + 1])).toFixed(2));
  return ratios.join(', ');
}

export const ms = (value: number) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1));

/** One table row per phase: requests, wall time, rate and latency percentiles. */
export function phaseRows(results: PhaseResult[], extra: (result: PhaseResult) => string[] = () => []): string[][] {
  return results.map((result) => {
    const sorted = [...result.latencies].sort((a, b) => a - b);
    return [
      result.label,
      String(result.count),
      (result.elapsedMs / 1000).toFixed(2),
      ratePerSecond(result).toFixed(1),
      ms(percentile(sorted, 50)),
      ms(percentile(sorted, 95)),
      ms(percentile(sorted, 99)),
      ms(sorted.at(-1) ?? Number.NaN),
      ...extra(result),
    ];
  });
}

export const phaseHeader = (unit: string, extra: string[] = []) => ['phase', unit, 'wall s', `${unit}/s`, 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', ...extra];

/** Prints rows as a left-aligned first column and right-aligned numbers. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log('  ' + widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}
