import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds (user + system) of a process tree, by command name. */
export type TreeCpu = ReadonlyMap<string, number>;

const TICKS_PER_SECOND = 100;

/** `comm` and (ppid, utime + stime) of one /proc entry, or undefined once it is gone. */
function readStat(pid: string): { comm: string; ppid: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces: the fields after it are split from its end
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return { comm, ppid: fields[1] ?? '', ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU used so far by this process and every process below it (the receiving adapter,
 * nats-server, PostgreSQL and its back-ends), summed by `labels` (pid → name) or command
 * name; empty where /proc is
 * missing. Two readings bracket a phase: the machine is shared, so CPU per document says more
 * than documents per second alone.
 */
export function treeCpu(
  labels: ReadonlyMap<number, string> = new Map(),
  root = String(process.pid),
): TreeCpu {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return new Map();
  }
  const stats = new Map(pids.map((pid) => [pid, readStat(pid)] as const));
  const inTree = (pid: string): boolean => {
    for (let at: string | undefined = pid, hops = 0; at && hops < 64; hops++) {
      if (at === root) {
        return true;
      }
      at = stats.get(at)?.ppid;
    }
    return false;
  };
  const byName = new Map<string, number>();
  for (const [pid, stat] of stats) {
    if (stat && inTree(pid)) {
      const name = labels.get(Number(pid)) ?? (pid === root ? 'bench + BIZ' : stat.comm);
      byName.set(name, (byName.get(name) ?? 0) + stat.ticks / TICKS_PER_SECOND);
    }
  }
  return byName;
}

/** Milliseconds of CPU per item between two readings, by name, and in total. */
export function cpuMsPer(before: TreeCpu, after: TreeCpu, items: number): Record<string, number> {
  const result: Record<string, number> = {};
  let total = 0;
  for (const [name, seconds] of after) {
    const ms = ((seconds - (before.get(name) ?? 0)) * 1000) / items;
    if (ms > 0) {
      result[name] = Math.round(ms * 100) / 100;
      total += ms;
    }
  }
  result['total'] = Math.round(total * 100) / 100;
  return result;
}
