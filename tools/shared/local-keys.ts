import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, importPKCS8, importSPKI } from 'jose';
import { exportPrivateKeyPem, generateKeyPair } from '@lienthong/pki';

/**
 * Local key material of a development stack, kept under the git-ignored data folder: the
 * operator token key of the trust API, each agency's officer-token key, the bus subject key
 * (keyed hash of personal ids in audit records) and NATS passwords. Created once, reused.
 */
export class LocalKeys {
  constructor(readonly dataDir: string) {}

  /** A private folder (0700) under the data folder. */
  dir(...parts: string[]): string {
    return this.folder(0o700, ...parts);
  }

  /**
   * A folder other local users may enter (0755): the embedded PostgreSQL runs as user
   * `postgres` when the launcher runs as root, and must reach its data folder.
   */
  sharedDir(...parts: string[]): string {
    return this.folder(0o755, ...parts);
  }

  private folder(mode: number, ...parts: string[]): string {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o755 });
    chmodSync(this.dataDir, 0o755);
    const path = join(this.dataDir, ...parts);
    mkdirSync(path, { recursive: true, mode });
    return path;
  }

  /** An ES256 key pair as PEM files; returns the paths. */
  tokenKeyPair(name: string): { privateKeyFile: string; publicKeyFile: string } {
    const dir = this.dir('tokens');
    const privateKeyFile = join(dir, `${name}.key.pem`);
    const publicKeyFile = join(dir, `${name}.pub.pem`);
    if (!existsSync(privateKeyFile)) {
      const { privateKey, publicKey } = generateKeyPair('ES256');
      writeFileSync(privateKeyFile, exportPrivateKeyPem(privateKey), { mode: 0o600 });
      writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    }
    return { privateKeyFile, publicKeyFile };
  }

  /** The trust API's operator JWKS file (public key of the operator token key). */
  async operatorJwksFile(): Promise<string> {
    const { publicKeyFile } = this.tokenKeyPair('operator');
    const file = join(this.dir('tokens'), 'operator.jwks.json');
    if (!existsSync(file)) {
      const jwk = await exportJWK(await importSPKI(readFileSync(publicKeyFile, 'utf8'), 'ES256'));
      writeFileSync(
        file,
        JSON.stringify({ keys: [{ ...jwk, kid: 'operator', alg: 'ES256', use: 'sig' }] }, null, 2),
      );
    }
    return file;
  }

  /** A random secret file (0600) of `bytes` bytes, created once. */
  secretFile(name: string, bytes = 32): string {
    const file = join(this.dir('secrets'), name);
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(bytes), { mode: 0o600 });
    }
    return file;
  }

  /** A random password for a NATS user, created once. */
  password(name: string): string {
    return readFileSync(this.secretFile(`nats-${name}.password`, 24)).toString('base64url');
  }

  /** Records the URL of the NATS the local stack runs on (a free port, new at every start). */
  recordNatsUrl(url: string): void {
    writeFileSync(join(this.dir('nats'), 'url'), `${url}\n`);
  }

  /** The CA of the local stack's NATS certificates, once `npm start` made one (TLS is its default). */
  natsCaFile(): string | undefined {
    const file = join(this.dir('nats-tls'), 'ca.pem');
    return existsSync(file) ? file : undefined;
  }

  /** The URL the last `npm start` recorded, if any (what `lt dlq` and `lt events` connect to). */
  natsUrl(): string | undefined {
    const file = join(this.dir('nats'), 'url');
    return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
  }
}

/** Claims of a locally minted token. */
export interface TokenInput {
  readonly subject: string;
  readonly role: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds?: number;
  readonly kid?: string;
  readonly extra?: Record<string, string>;
}

/** Mints an ES256 JWT with a local key (operator tokens for trust, officer tokens for adapters). */
export async function mintToken(privateKeyFile: string, input: TokenInput): Promise<string> {
  const key = await importPKCS8(readFileSync(privateKeyFile, 'utf8'), 'ES256');
  return new SignJWT({ role: input.role, ...input.extra })
    .setProtectedHeader({ alg: 'ES256', ...(input.kid ? { kid: input.kid } : {}) })
    .setSubject(input.subject)
    .setIssuer(input.issuer)
    .setAudience(input.audience)
    .setIssuedAt()
    .setExpirationTime(`${input.ttlSeconds ?? 8 * 3600}s`)
    .sign(key);
}

/** Officer tokens of an agency: issuer and audience the adapter checks (libs/adapter-kit). */
export function officerTokenInput(member: string, subject: string, role: string): TokenInput {
  return { subject, role, issuer: `lienthong:${member}`, audience: `lienthong:${member}` };
}

/** Operator tokens of the trust API (apps/trust defaults). */
export function operatorTokenInput(subject: string, role: 'operator' | 'auditor'): TokenInput {
  return {
    subject,
    role,
    issuer: 'lienthong-operator',
    audience: 'lienthong-trust',
    kid: 'operator',
  };
}
