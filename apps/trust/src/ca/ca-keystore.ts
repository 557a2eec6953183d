import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type KeyObject } from 'node:crypto';
import { type DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '@lienthong/persistence';
import {
  CertificateAuthority,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  parseCertificate,
  writePrivateKeyFile,
  type CertificateInfo,
} from '@lienthong/pki';
import { CaError } from './ca.errors';

/** The trust service's own identity: it signs the global configuration (architecture.md). */
export const CENTRAL_IDENTITY = Object.freeze({ member: 'TRUST', subsystem: 'central' });

const FILES = {
  rootCert: 'root-ca.pem',
  rootKey: 'root-ca.key',
  issuingCert: 'issuing-ca.pem',
  issuingKey: 'issuing-ca.key',
  centralCert: 'central.pem',
  centralKey: 'central.key',
} as const;

// Lifetimes: the root outlives every issuing CA it signs; members renew yearly.
const ROOT_DAYS = 3650;
const ISSUING_DAYS = 1825;
const CENTRAL_DAYS = 365;

/** What the trust service holds: root and issuing CA, and the TRUST/central signing key. */
export interface CaKeystore {
  readonly root: CertificateAuthority;
  readonly issuing: CertificateAuthority;
  readonly centralCertificate: CertificateInfo;
  readonly centralKey: KeyObject;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}

// Write-then-rename, so a crash never leaves a half-written certificate behind.
async function writePublicFile(path: string, pem: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, pem, { mode: 0o644 });
  await rename(temporary, path);
}

async function writeKeyPem(path: string, pem: string): Promise<void> {
  await writePrivateKeyFile(path, importPrivateKeyPem(pem));
  await chmod(path, 0o600);
}

async function createKeystore(dir: string, instance: string): Promise<void> {
  const root = await CertificateAuthority.createRoot({
    commonName: `${instance} root CA`,
    validityDays: ROOT_DAYS,
  });
  const issuing = await root.createIssuing({
    commonName: `${instance} issuing CA`,
    validityDays: ISSUING_DAYS,
  });
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const csr = await createCsr({
    privateKey,
    publicKey,
    identity: CENTRAL_IDENTITY,
    organizationName: 'Lienthong trust service',
  });
  const central = await issuing.issueFromCsr(csr, {
    validityDays: CENTRAL_DAYS,
    expectedIdentity: CENTRAL_IDENTITY,
  });
  // keys first, certificates last: the certificate files are what marks the keystore complete
  await writeKeyPem(join(dir, FILES.rootKey), root.toPem().privateKeyPem);
  await writeKeyPem(join(dir, FILES.issuingKey), issuing.toPem().privateKeyPem);
  await writeKeyPem(join(dir, FILES.centralKey), exportPrivateKeyPem(privateKey));
  await writePublicFile(join(dir, FILES.rootCert), root.certificate.pem);
  await writePublicFile(join(dir, FILES.issuingCert), issuing.certificate.pem);
  await writePublicFile(join(dir, FILES.centralCert), central.pem);
}

async function loadKeystore(dir: string): Promise<CaKeystore> {
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const rootPem = await read(FILES.rootCert);
  const issuingPem = await read(FILES.issuingCert);
  const root = CertificateAuthority.fromPem({
    certificatePem: rootPem,
    privateKeyPem: await read(FILES.rootKey),
  });
  const issuing = CertificateAuthority.fromPem({
    certificatePem: issuingPem,
    privateKeyPem: await read(FILES.issuingKey),
    chainPems: [issuingPem, rootPem],
  });
  return {
    root,
    issuing,
    centralCertificate: parseCertificate(await read(FILES.centralCert)),
    centralKey: importPrivateKeyPem(await read(FILES.centralKey)),
  };
}

/** The CA a trust database registered on first boot (table `ca_identity`, certificates only). */
interface RegisteredCa {
  readonly rootThumbprint: string;
  readonly issuingThumbprint: string;
}

async function registeredCa(manager: EntityManager): Promise<RegisteredCa | null> {
  const rows: { root_thumbprint: string; issuing_thumbprint: string }[] = await manager.query(
    'SELECT root_thumbprint, issuing_thumbprint FROM ca_identity',
  );
  return rows.length === 0
    ? null
    : { rootThumbprint: rows[0].root_thumbprint, issuingThumbprint: rows[0].issuing_thumbprint };
}

async function registerCa(manager: EntityManager, keystore: CaKeystore): Promise<void> {
  await manager.query(
    `INSERT INTO ca_identity (root_thumbprint, root_pem, issuing_thumbprint, issuing_pem)
     VALUES ($1, $2, $3, $4)`,
    [
      keystore.root.certificate.thumbprint,
      keystore.root.certificate.pem,
      keystore.issuing.certificate.thumbprint,
      keystore.issuing.certificate.pem,
    ],
  );
}

/**
 * Loads the CA and central signing key from `dir`, creating them on first boot. Keys are 0600
 * PEM files in the data directory and never enter the database.
 *
 * First boot is single across replicas: "load or create" runs in one transaction holding a
 * PostgreSQL advisory lock of the trust schema, and the CA's certificates are registered in
 * `ca_identity`. A replica that waited for the lock finds the CA its peer created (in the shared
 * data directory) and adopts it; a replica whose data directory lacks the registered CA's keys,
 * or holds another CA, refuses to start (TRUST_CA_KEYS_MISSING, TRUST_CA_MISMATCH) instead of
 * creating a second root CA.
 */
export async function openCaKeystore(
  dataSource: DataSource,
  dir: string,
  instance: string,
): Promise<CaKeystore> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return inTransaction(dataSource, async (manager) => {
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('lienthong-trust-ca:' || current_schema()))`,
    );
    const registered = await registeredCa(manager);
    if ((await readIfPresent(join(dir, FILES.centralCert))) === null) {
      if (registered !== null) {
        throw new CaError(
          'TRUST_CA_KEYS_MISSING',
          `the trust database registers the bus CA ${registered.rootThumbprint}, but ${dir} holds no CA: give every replica the same CA files instead of creating another CA`,
          { details: { rootThumbprint: registered.rootThumbprint } },
        );
      }
      await createKeystore(dir, instance);
    }
    const keystore = await loadKeystore(dir);
    if (registered === null) {
      await registerCa(manager, keystore);
    } else if (
      registered.rootThumbprint !== keystore.root.certificate.thumbprint ||
      registered.issuingThumbprint !== keystore.issuing.certificate.thumbprint
    ) {
      throw new CaError(
        'TRUST_CA_MISMATCH',
        `${dir} holds the CA ${keystore.root.certificate.thumbprint}, the trust database registers ${registered.rootThumbprint}`,
        {
          details: {
            rootThumbprint: registered.rootThumbprint,
            found: keystore.root.certificate.thumbprint,
          },
        },
      );
    }
    return keystore;
  });
}
