import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  writePrivateKeyFile,
} from '@lienthong/pki';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('private keys', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lt-key-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips PKCS#8 PEM', () => {
    const { privateKey } = generateKeyPair('EdDSA');
    const pem = exportPrivateKeyPem(privateKey);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(importPrivateKeyPem(pem).equals(privateKey)).toBe(true);
  });

  it('writes mode 0600, also over an existing world-readable file', async () => {
    const path = join(dir, 'member.key');
    writeFileSync(path, 'old', { mode: 0o644 });
    const { privateKey } = generateKeyPair('ES256');
    await writePrivateKeyFile(path, privateKey);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(importPrivateKeyPem(readFileSync(path, 'utf8')).equals(privateKey)).toBe(true);
  });

  it('refuses public keys and unreadable PEM', () => {
    expect(codeOf(() => exportPrivateKeyPem(generateKeyPair('ES256').publicKey))).toBe(
      'PKI_KEY_INVALID',
    );
    expect(
      codeOf(() =>
        importPrivateKeyPem('-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----'),
      ),
    ).toBe('PKI_KEY_INVALID');
  });
});
