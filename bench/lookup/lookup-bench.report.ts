import { availableParallelism, loadavg } from 'node:os';
import type { LevelResult } from './lookup-bench.load';
import { round } from './lookup-bench.load';

/** The full path measured against one registry size. */
export interface DatasetResult {
  readonly citizens: number;
  readonly seedSeconds: number;
  readonly seedSkipped: boolean;
  readonly levels: readonly LevelResult[];
  /** VmRSS per adapter process when this data set's load starts, MiB (the provider is fresh). */
  readonly idleRssMiB: Readonly<Record<string, number>>;
  /** Peak VmRSS per adapter process during this data set's levels, MiB. */
  readonly peakRssMiB: Readonly<Record<string, number>>;
}

/** Everything one run measured. */
export interface BenchReport {
  readonly datasets: readonly DatasetResult[];
  readonly ceiling: readonly LevelResult[];
}

/** A target of docs/performance.md and whether this run met it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const level = (levels: readonly LevelResult[], concurrency: number) =>
  levels.find((l) => l.concurrency === concurrency);

/** Full-path figure divided by the ceiling figure at the same concurrency. */
export function ratios(report: BenchReport): Record<string, number> {
  const largest = report.datasets.at(-1);
  const result: Record<string, number> = {};
  for (const ceiling of report.ceiling) {
    const full = largest && level(largest.levels, ceiling.concurrency);
    if (full && ceiling.perSecond > 0) {
      result[`c${ceiling.concurrency}`] = round(full.perSecond / ceiling.perSecond, 2);
    }
  }
  return result;
}

/** The targets of docs/performance.md checked against this run (the largest registry counts). */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const largest = report.datasets.at(-1);
  const smallest = report.datasets[0];
  const c64 = largest && level(largest.levels, 64);
  if (c64) {
    checks.push({
      target: '>= 1000 look-ups/s at 64 concurrent, p99 <= 100 ms',
      measured: `${c64.perSecond}/s, p99 ${c64.p99Ms} ms`,
      met: c64.perSecond >= 1000 && c64.p99Ms <= 100 && c64.errors === 0,
    });
  }
  const ratio = ratios(report)['c64'];
  if (ratio !== undefined) {
    checks.push({
      target: 'ratio to the naive pipeline >= 0.5 (c64)',
      measured: `${ratio}`,
      met: ratio >= 0.5,
    });
  }
  const c1000 = largest && level(largest.levels, 1000);
  if (c1000) {
    checks.push({
      target: '1000 concurrent: p99 <= 1 s, no error',
      measured: `p99 ${c1000.p99Ms} ms, ${c1000.errors} errors`,
      met: c1000.p99Ms <= 1000 && c1000.errors === 0,
    });
  }
  const small64 = smallest && level(smallest.levels, 64);
  if (c64 && small64 && smallest !== largest) {
    const change = round((c64.p99Ms / small64.p99Ms - 1) * 100, 1);
    checks.push({
      target: `p99 at ${largest.citizens} within 10% of ${smallest.citizens} citizens (c64)`,
      measured: `${small64.p99Ms} -> ${c64.p99Ms} ms (${change >= 0 ? '+' : ''}${change}%)`,
      met: Math.abs(change) <= 10,
    });
  }
  const peak = Math.max(...report.datasets.flatMap((d) => Object.values(d.peakRssMiB)));
  checks.push({
    target: '<= 300 MB RSS per adapter',
    measured: `peak ${peak} MiB`,
    met: peak <= 300,
  });
  return checks;
}

/** How busy the machine was: load averages and core count, for reading the figures. */
export function machineLoad(): { loadavg: number[]; cores: number } {
  return { loadavg: loadavg().map((l) => round(l, 2)), cores: availableParallelism() };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

function levelRow(name: string, l: LevelResult): string {
  const kinds = Object.entries(l.errorKinds)
    .map(([kind, count]) => `${kind} x${count}`)
    .join(', ');
  return [
    name.padEnd(22),
    pad(l.concurrency, 5),
    pad(l.perSecond, 8),
    pad(l.p50Ms, 9),
    pad(l.p99Ms, 9),
    pad(l.maxMs, 9),
    pad(l.errors, 7),
    kinds ? `  ${kinds}` : '',
  ].join(' ');
}

/** The readable table written to stderr. */
export function renderTable(report: BenchReport, targets: readonly TargetCheck[]): string {
  const lines = [
    `${'path'.padEnd(22)} ${pad('conc', 5)} ${pad('req/s', 8)} ${pad('p50 ms', 9)} ${pad('p99 ms', 9)} ${pad('max ms', 9)} ${pad('errors', 7)}`,
  ];
  for (const dataset of report.datasets) {
    for (const l of dataset.levels) {
      lines.push(levelRow(`full path ${dataset.citizens}`, l));
    }
  }
  for (const l of report.ceiling) {
    lines.push(levelRow('naive signed pipeline', l));
  }
  lines.push('');
  for (const dataset of report.datasets) {
    const rss = Object.entries(dataset.peakRssMiB)
      .map(([app, mib]) => `${app} ${mib} MiB (idle ${dataset.idleRssMiB[app] ?? '?'})`)
      .join(', ');
    lines.push(
      `${dataset.citizens} citizens: seeded in ${dataset.seedSeconds} s${dataset.seedSkipped ? ' (already seeded)' : ''}; peak RSS ${rss}`,
    );
  }
  lines.push(`ratios to the naive pipeline: ${JSON.stringify(ratios(report))}`, '');
  for (const check of targets) {
    lines.push(`${check.met ? 'MET   ' : 'MISSED'} ${check.target}: ${check.measured}`);
  }
  return `${lines.join('\n')}\n`;
}
