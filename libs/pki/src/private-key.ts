import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, rename, unlink, writeFile } from 'node:fs/promises';
import { PkiError } from './pki.errors';

/** Exports a private key as unencrypted PKCS#8 PEM (protect the file: {@link writePrivateKeyFile}). */
export function exportPrivateKeyPem(key: KeyObject): string {
  assertPrivate(key);
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Imports a PEM private key (PKCS#8, or legacy PKCS#1/SEC1) into a KeyObject, once, at boot. */
export function importPrivateKeyPem(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new PkiError('PKI_KEY_INVALID', 'private key PEM cannot be read', { cause });
  }
}

/**
 * Writes a private key as PKCS#8 PEM with mode 0600. The key goes to a new temporary file in the
 * same directory first and is then renamed over `path`, because a mode given to writeFile applies
 * only when the file is created: overwriting an existing 0644 file would keep it readable.
 */
export async function writePrivateKeyFile(path: string, key: KeyObject): Promise<void> {
  const pem = exportPrivateKeyPem(key);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
    // the process umask cannot widen 0600, but an inherited ACL default could: set it explicitly
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** True when the private key belongs to the public key (same SPKI encoding). */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return derived.equals(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Throws PKI_KEY_INVALID unless the key is a private asymmetric key. */
export function assertPrivate(key: KeyObject): void {
  if (key?.type !== 'private') {
    throw new PkiError('PKI_KEY_INVALID', 'expected a private KeyObject');
  }
}
