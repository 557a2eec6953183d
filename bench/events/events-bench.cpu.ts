import { readFileSync, readdirSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU times in these ticks. */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /** User + system time, in ticks. */
  readonly ticks: number;
}

/** CPU time of this process and of every process it started (nats-server, PostgreSQL, children). */
export type CpuSnapshot = ReadonlyMap<number, ProcessTimes>;

function readProcess(pid: number): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command may hold spaces and parentheses: the fields follow its last ')'
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf('(') + 1, close),
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined; // ended meanwhile, or no /proc (not Linux)
  }
}

/** The CPU times of `root` and its descendants now; empty where /proc is missing. */
export function cpuSnapshot(root = process.pid): CpuSnapshot {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return new Map();
  }
  const all = pids.map(readProcess).filter((p): p is ProcessTimes => p !== undefined);
  const children = new Map<number, ProcessTimes[]>();
  for (const p of all) {
    children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  }
  const found = new Map<number, ProcessTimes>();
  const self = all.find((p) => p.pid === root);
  const stack = self ? [self] : [];
  for (let p = stack.pop(); p; p = stack.pop()) {
    found.set(p.pid, p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return found;
}

/**
 * CPU milliseconds per event spent between two snapshots, by process: `names` labels pids (the
 * bench process, the subscriber), the rest are grouped by command (nats-server, postgres).
 * Processes that ended in between count for what they had used at the first snapshot only.
 */
export function cpuPerEvent(
  before: CpuSnapshot,
  after: CpuSnapshot,
  events: number,
  names: ReadonlyMap<number, string>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, end] of after) {
    const label = names.get(pid) ?? (end.comm.startsWith('postgres') ? 'postgres' : end.comm);
    const ticks = end.ticks - (before.get(pid)?.ticks ?? 0);
    used[label] = (used[label] ?? 0) + ticks;
  }
  const perEvent = Object.entries(used)
    .filter(([, ticks]) => ticks > 0)
    .map(([label, ticks]) => [label, round((ticks * 1000) / TICKS_PER_SECOND / events)] as const);
  const total = perEvent.reduce((sum, [, ms]) => sum + ms, 0);
  return { ...Object.fromEntries(perEvent), total: round(total) };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
