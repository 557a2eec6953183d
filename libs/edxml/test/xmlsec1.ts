import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestIdentity } from './test-pki';

/** Runs the xmlsec1 CLI; returns exit status and combined output. */
export function xmlsec1(args: readonly string[]): { status: number | null; output: string } {
  const run = spawnSync('xmlsec1', args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * Signs a Signature template with xmlsec1 (an independent XMLDSig implementation), which lets
 * tests produce correctly signed packages whose content our own builder would refuse to write.
 */
export function signWithXmlsec1(
  dir: string,
  template: string,
  identity: TestIdentity,
  extraArgs: readonly string[] = [],
): string {
  const name = randomUUID();
  const input = join(dir, `${name}.template.xml`);
  const output = join(dir, `${name}.signed.xml`);
  writeFileSync(input, template);
  const run = xmlsec1([
    '--sign',
    ...extraArgs,
    '--privkey-pem',
    `${identity.keyPath},${identity.certPath}`,
    '--output',
    output,
    input,
  ]);
  if (run.status !== 0) {
    throw new Error(`xmlsec1 --sign failed: ${run.output}`);
  }
  return readFileSync(output, 'utf8');
}
