import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdxmlSigner } from '@lienthong/edxml';

/** A member identity of the tiny test CA: key, certificate and a signer of the pki port's shape. */
export interface TestIdentity {
  readonly signer: EdxmlSigner;
  readonly certPem: string;
  readonly keyPath: string;
  readonly certPath: string;
}

/** A throw-away CA in a temp dir, driven by the openssl CLI; `cleanup()` removes everything. */
export interface TestPki {
  readonly dir: string;
  readonly caPath: string;
  issue(name: string, subject: string, keyType: 'rsa' | 'ec'): TestIdentity;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(keyType: 'rsa' | 'ec'): KeyObject {
  return keyType === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

function signerOf(key: KeyObject, certPem: string, keyType: 'rsa' | 'ec'): EdxmlSigner {
  return {
    alg: keyType === 'rsa' ? 'RS256' : 'ES256',
    certificate: { pem: certPem },
    sign: (data) =>
      keyType === 'rsa'
        ? sign('sha256', data, key)
        : sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }),
  };
}

/** Creates the CA (EC P-256 root, 30 days). */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'edxml-pki-'));
  writeFileSync(join(dir, 'ca.key'), newKey('ec').export({ type: 'pkcs8', format: 'pem' }));
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/C=VN/O=Lienthong Test/CN=Test Root CA',
      '-days',
      '30',
      '-out',
      'ca.pem',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  writeFileSync(
    join(dir, 'member.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  return {
    dir,
    caPath: join(dir, 'ca.pem'),
    issue(name, subject, keyType) {
      const key = newKey(keyType);
      writeFileSync(join(dir, `${name}.key`), key.export({ type: 'pkcs8', format: 'pem' }));
      openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.pem',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-days',
          '30',
          '-extfile',
          'member.ext',
          '-out',
          `${name}.pem`,
        ],
        dir,
      );
      const certPem = readFileSync(join(dir, `${name}.pem`), 'utf8');
      return {
        signer: signerOf(key, certPem, keyType),
        certPem,
        keyPath: join(dir, `${name}.key`),
        certPath: join(dir, `${name}.pem`),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
