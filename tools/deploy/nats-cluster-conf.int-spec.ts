import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  FULL_NATS_SERVER_VERSION,
  findNatsServer,
  natsServerVersion,
  versionAtLeast,
} from '@lienthong/devstack';
import { findRepositoryRoot } from '@lienthong/schema';
import { makeTempRoot } from '@lienthong/testing';

/**
 * deploy/nats/nats-cluster.conf with the committed auth.conf.example beside it, checked by the
 * nats-server the project runs (`nats-server -t`): it must load on 2.10 and later, and the 2.9
 * fallback must refuse it for the one reason docs/operations.md §2.5 gives.
 */
describe('deploy/nats/nats-cluster.conf', () => {
  it('loads on the nats-server the project runs, or is refused by 2.9 only for sync_interval', async () => {
    const root = findRepositoryRoot();
    const dir = makeTempRoot('lt-cluster-conf-');
    try {
      copyFileSync(join(root, 'deploy/nats/nats-cluster.conf'), join(dir, 'nats-cluster.conf'));
      copyFileSync(join(root, 'deploy/nats/auth.conf.example'), join(dir, 'auth.conf'));
      const bin = findNatsServer();
      const version = await natsServerVersion(bin);
      const output = await promisify(execFile)(bin, ['-c', join(dir, 'nats-cluster.conf'), '-t'], {
        env: { ...process.env, NATS_SERVER_NAME: 'nats1' },
        timeout: 10_000,
      }).then(
        ({ stdout, stderr }) => `${stdout}${stderr}`,
        (error: { stderr?: string }) => `refused: ${error.stderr ?? ''}`,
      );
      const full = versionAtLeast(version, FULL_NATS_SERVER_VERSION);
      expect(output).toMatch(full ? /is valid/ : /^refused: .*unknown field "sync_interval"/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
