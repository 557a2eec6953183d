import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformFileSync } from '@swc/core';
import { ProcessGroup, type UnexpectedExit } from '@lienthong/devstack';
import { eventually, makeTempRoot } from '@lienthong/testing';

/** True while any process of the group `pgid` exists (zombies included). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Two grandchildren, so that only killing the whole process group cleans up. */
const SLEEPERS = ['-c', 'sleep 300 & sleep 300 & wait'];

// real: child processes, signals, swc; mock: nothing.
describe('ProcessGroup', () => {
  let root: string;

  beforeEach(() => {
    root = makeTempRoot('devstack-pg-group-');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('stops children and their own children, and does not report them', async () => {
    const reports: UnexpectedExit[] = [];
    const sut = new ProcessGroup({ echo: false, onUnexpectedExit: (e) => reports.push(e) });
    const child = sut.spawn('sleepers', 'sh', SLEEPERS);
    await eventually(() => expect(groupAlive(child.pid ?? 0)).toBe(true));
    await sut.stopAll('SIGTERM', 2_000);
    expect(groupAlive(child.pid ?? 0)).toBe(false);
    expect(reports).toEqual([]);
  });

  it('kills a child that ignores the polite signal after the grace period', async () => {
    const sut = new ProcessGroup({ echo: false });
    const child = sut.spawn('stubborn', 'sh', ['-c', 'trap "" TERM; echo ready; sleep 300 & wait']);
    await eventually(() => expect(sut.recentOutput('stubborn')).toContain('ready'));
    const started = Date.now();
    await sut.stopAll('SIGTERM', 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(child.signalCode).toBe('SIGKILL');
    expect(groupAlive(child.pid ?? 0)).toBe(false);
  });

  it('reports a child that exits on its own with its last output, and writes the log file', async () => {
    const reports: UnexpectedExit[] = [];
    const logFile = join(root, 'logs', 'crash.log');
    const sut = new ProcessGroup({ echo: false, onUnexpectedExit: (e) => reports.push(e) });
    sut.spawn('crasher', 'sh', ['-c', 'echo starting; echo boom >&2; exit 3'], { logFile });
    sut.spawn('missing', join(root, 'no-such-binary'), []);
    await eventually(() => expect(reports).toHaveLength(2));
    const crash = reports.find((r) => r.name === 'crasher');
    expect(crash).toMatchObject({ code: 3, signal: null, recentOutput: ['starting', 'boom'] });
    expect(reports.find((r) => r.name === 'missing')?.error?.message).toMatch(/ENOENT/);
    await sut.stopAll();
    expect(readFileSync(logFile, 'utf8')).toBe('starting\nboom\n');
  });

  describe('when the parent ends', () => {
    let parentScript: string;

    beforeEach(() => {
      // The parent must be a separate Node process running our real code, so compile it with the
      // same swc settings as the build.
      const swcrc = JSON.parse(readFileSync('.swcrc', 'utf8')) as object;
      for (const name of ['process-group', 'output-tail']) {
        const { code } = transformFileSync(join(__dirname, `${name}.ts`), {
          ...swcrc,
          swcrc: false,
          sourceMaps: false,
        });
        writeFileSync(join(root, `${name}.js`), code);
      }
      parentScript = join(root, 'parent.js');
      writeFileSync(
        parentScript,
        [
          "const { ProcessGroup } = require('./process-group.js');",
          "const child = new ProcessGroup({ echo: false }).spawn('sleepers', 'sh', JSON.parse(process.argv[3]));",
          "process.stdout.write(child.pid + '\\n');",
          "if (process.argv[2] === 'exit') setTimeout(() => process.exit(0), 200);",
          'setInterval(() => undefined, 1000);',
        ].join('\n'),
      );
    });

    async function runParent(
      mode: 'exit' | 'signal',
    ): Promise<{ pgid: number; code: number | null }> {
      const parent = spawn(process.execPath, [parentScript, mode, JSON.stringify(SLEEPERS)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [firstChunk] = (await once(parent.stdout, 'data')) as [Buffer];
      const pgid = Number(firstChunk.toString().trim());
      await eventually(() => expect(groupAlive(pgid)).toBe(true));
      if (mode === 'signal') {
        parent.kill('SIGTERM');
      }
      const [code] = (await once(parent, 'exit')) as [number | null];
      return { pgid, code };
    }

    it('takes its children along when it exits', async () => {
      const { pgid, code } = await runParent('exit');
      expect(code).toBe(0);
      await eventually(() => expect(groupAlive(pgid)).toBe(false), { timeoutMs: 3_000 });
    });

    it('stops its children and exits 143 on SIGTERM', async () => {
      const { pgid, code } = await runParent('signal');
      expect(code).toBe(143);
      expect(groupAlive(pgid)).toBe(false);
    });
  });
});
