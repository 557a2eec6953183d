import { type KeyObject } from 'node:crypto';
import { generateKeyPair, webCryptoSigning, type SigningAlgorithm } from './algorithms';
import { readCertificate, type CertificateInfo, type ParsedCertificate } from './certificate';
import {
  issueCertificate,
  keyIdOf,
  validityWindow,
  type CertificateProfile,
} from './certificate-issuer';
import { readCsr } from './csr';
import { memberSubjectName, sameIdentity, type MemberIdentity } from './member-identity';
import { PkiError } from './pki.errors';
import { exportPrivateKeyPem, importPrivateKeyPem, keysMatch } from './private-key';
import { x509 } from './x509-provider';

/** Input of {@link CertificateAuthority.createRoot}. */
export interface CreateRootCaInput {
  commonName: string;
  validityDays: number;
  /** Key type of the CA; default ES256 (EC P-256). */
  alg?: SigningAlgorithm;
}

/** Input of {@link CertificateAuthority.createIssuing}. */
export interface CreateIssuingCaInput {
  commonName: string;
  validityDays: number;
  /** Key type of the new CA; default ES256 (EC P-256). */
  alg?: SigningAlgorithm;
}

/** Input of {@link CertificateAuthority.issueFromCsr}. */
export interface IssueFromCsrInput {
  validityDays: number;
  /** Default: five minutes ago (see {@link NOT_BEFORE_BACKDATE_MS}). */
  notBefore?: Date;
  /** When given, the CSR must name exactly this member and subsystem. */
  expectedIdentity?: MemberIdentity;
}

/** Input of {@link CertificateAuthority.issueTls}. */
export interface IssueTlsInput {
  commonName: string;
  /** `server` (a NATS node: clients and routes), `client` (mutual TLS), or both. */
  usages: readonly ('server' | 'client')[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  validityDays: number;
}

/** A TLS key pair with its certificate, as PEM (store the key 0600). */
export interface TlsKeyPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** A CA as persisted: certificate, PKCS#8 key and the chain (see {@link CertificateAuthority.chainPems}). */
export interface CertificateAuthorityPem {
  certificatePem: string;
  privateKeyPem: string;
  chainPems: string[];
}

/**
 * How far a default notBefore lies in the past: X.509 times have whole seconds and the clocks of
 * agencies drift, so a certificate issued "now" would otherwise be briefly not yet valid elsewhere.
 */
export const NOT_BEFORE_BACKDATE_MS = 5 * 60_000;

function defaultNotBefore(): Date {
  return new Date(Date.now() - NOT_BEFORE_BACKDATE_MS);
}

// root → issuing → member: the root may have one CA below it, an issuing CA none
const ROOT_PATH_LENGTH = 1;

/**
 * A certificate authority of the bus: a root, or an issuing CA below it, that issues member
 * certificates from CSRs. Its private key stays in a private field and leaves only through
 * {@link CertificateAuthority.toPem} for persisting.
 */
export class CertificateAuthority {
  readonly #privateKey: KeyObject;
  readonly #parsed: ParsedCertificate;
  #keyId: string | undefined;

  /** This CA's certificate. */
  readonly certificate: CertificateInfo;
  /**
   * This CA's certificate first, then its issuers up to and including the root: `chainPems[0]`
   * is always this CA and the last entry is always a root, for a root CA too (`[root]`). Verifiers
   * must still take their anchors out of band; the root here only lets them compare.
   */
  readonly chainPems: readonly string[];

  private constructor(privateKey: KeyObject, parsed: ParsedCertificate, chainPems: string[]) {
    this.#privateKey = privateKey;
    this.#parsed = parsed;
    this.certificate = parsed.info;
    this.chainPems = Object.freeze(chainPems);
  }

  /** Creates a self-signed root CA (CA:true, pathLen 1, keyCertSign + cRLSign). */
  static async createRoot(input: CreateRootCaInput): Promise<CertificateAuthority> {
    const { privateKey, publicKey } = generateKeyPair(input.alg ?? 'ES256');
    const subjectPublicKey = publicCryptoKey(publicKey);
    const pem = await issueCertificate({
      subject: caSubject(input.commonName),
      subjectPublicKey,
      signingKey: privateKey,
      authorityKeyId: await keyIdOf(subjectPublicKey),
      profile: { kind: 'ca', pathLength: ROOT_PATH_LENGTH },
      ...validityWindow(input.validityDays, defaultNotBefore()),
    });
    const parsed = readCertificate(pem);
    return new CertificateAuthority(privateKey, parsed, [parsed.info.pem]);
  }

  /** Creates a CA below this one (pathLen one less than this CA's); throws if this CA may not. */
  async createIssuing(input: CreateIssuingCaInput): Promise<CertificateAuthority> {
    const parentPathLength = this.#parsed.pathLength;
    if (parentPathLength === 0) {
      throw new PkiError('PKI_CERT_INVALID', 'this CA has pathLen 0 and may not issue CAs');
    }
    const profile: CertificateProfile = {
      kind: 'ca',
      pathLength: parentPathLength === undefined ? 0 : parentPathLength - 1,
    };
    const { privateKey, publicKey } = generateKeyPair(input.alg ?? 'ES256');
    const pem = await this.#issue(
      caSubject(input.commonName),
      publicCryptoKey(publicKey),
      profile,
      {
        ...validityWindow(input.validityDays, defaultNotBefore(), this.certificate.notAfter),
      },
    );
    const parsed = readCertificate(pem);
    return new CertificateAuthority(privateKey, parsed, [parsed.info.pem, ...this.chainPems]);
  }

  /**
   * Issues a member certificate from a CSR; CSR signature and subject are checked; identity in subject.
   * The certificate subject is rebuilt from the checked fields rather than copied from the CSR.
   * Its validity ends at the latest when this CA's does.
   */
  async issueFromCsr(csrPem: string, input: IssueFromCsrInput): Promise<CertificateInfo> {
    const csr = await readCsr(csrPem);
    if (input.expectedIdentity && !sameIdentity(csr.identity, input.expectedIdentity)) {
      throw new PkiError('PKI_CSR_INVALID', 'CSR names a different member or subsystem', {
        details: { requested: csr.identity, expected: input.expectedIdentity },
      });
    }
    const window = validityWindow(
      input.validityDays,
      input.notBefore ?? defaultNotBefore(),
      this.certificate.notAfter,
    );
    const subject = memberSubjectName(csr, 'PKI_CERT_INVALID');
    const pem = await this.#issue(subject, csr.x509PublicKey, { kind: 'member' }, window);
    return readCertificate(pem).info;
  }

  /**
   * Issues a TLS certificate with a fresh P-256 key: for a NATS node (serverAuth, its names and
   * addresses as SANs) or a client of mutual TLS (clientAuth). Transport only: such a certificate
   * never signs a bus message (no nonRepudiation), and a member certificate never serves TLS.
   */
  async issueTls(input: IssueTlsInput): Promise<TlsKeyPair> {
    const { privateKey, publicKey } = generateKeyPair('ES256');
    const pem = await this.#issue(
      caSubject(input.commonName),
      publicCryptoKey(publicKey),
      {
        kind: 'tls',
        usages: input.usages,
        dnsNames: input.dnsNames ?? [],
        ipAddresses: input.ipAddresses ?? [],
      },
      validityWindow(input.validityDays, defaultNotBefore(), this.certificate.notAfter),
    );
    return { certificatePem: pem, privateKeyPem: exportPrivateKeyPem(privateKey) };
  }

  /** Certificate, unencrypted PKCS#8 key and {@link chainPems}, for persisting (store the key 0600). */
  toPem(): CertificateAuthorityPem {
    return {
      certificatePem: this.certificate.pem,
      privateKeyPem: exportPrivateKeyPem(this.#privateKey),
      chainPems: [...this.chainPems],
    };
  }

  /**
   * Loads a persisted CA. `chainPems` has the meaning of {@link chainPems} (this CA first); when
   * omitted the chain is this certificate alone. Checks that the certificate is a CA, that the key
   * is its key and that each chain entry was signed by the next.
   */
  static fromPem(input: {
    certificatePem: string;
    privateKeyPem: string;
    chainPems?: string[];
  }): CertificateAuthority {
    const parsed = readCertificate(input.certificatePem);
    assertCaCertificate(parsed);
    const privateKey = importPrivateKeyPem(input.privateKeyPem);
    if (!keysMatch(privateKey, parsed.info.publicKey)) {
      throw new PkiError('PKI_KEY_INVALID', 'private key does not belong to the CA certificate');
    }
    // throws now for a key type that cannot sign certificates, not at the first issuance
    webCryptoSigning(privateKey);
    const chain = (input.chainPems ?? [input.certificatePem]).map(readCertificate);
    if (chain.length === 0 || chain[0].info.thumbprint !== parsed.info.thumbprint) {
      throw new PkiError('PKI_CERT_INVALID', 'chainPems must start with the CA certificate');
    }
    assertLinked(chain);
    return new CertificateAuthority(
      privateKey,
      parsed,
      chain.map((c) => c.info.pem),
    );
  }

  async #issue(
    subject: x509.JsonName,
    subjectPublicKey: Parameters<typeof keyIdOf>[0],
    profile: CertificateProfile,
    window: { notBefore: Date; notAfter: Date },
  ): Promise<string> {
    this.#keyId ??= await this.#ownKeyId();
    return issueCertificate({
      subject,
      issuer: new x509.X509Certificate(this.certificate.der).subjectName,
      subjectPublicKey,
      signingKey: this.#privateKey,
      authorityKeyId: this.#keyId,
      profile,
      ...window,
    });
  }

  // an imported CA may lack the SKI extension; then derive the id the same way we write it
  async #ownKeyId(): Promise<string> {
    const certificate = new x509.X509Certificate(this.certificate.der);
    const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
    return ski?.keyId ?? keyIdOf(certificate.publicKey);
  }
}

function caSubject(commonName: string): x509.JsonName {
  if (typeof commonName !== 'string' || !/^[^\u0000-\u001f\u007f]{1,64}$/.test(commonName)) {
    throw new PkiError('PKI_CERT_INVALID', 'CA common name must be 1-64 printable characters');
  }
  return [{ C: ['VN'] }, { CN: [commonName] }];
}

function publicCryptoKey(publicKey: KeyObject): Parameters<typeof keyIdOf>[0] {
  return publicKey.toCryptoKey(webCryptoSigning(publicKey).importParams, true, ['verify']);
}

function assertCaCertificate(parsed: ParsedCertificate): void {
  const canSign =
    parsed.keyUsage === undefined || (parsed.keyUsage & x509.KeyUsageFlags.keyCertSign) !== 0;
  if (!parsed.info.isCa || !canSign) {
    throw new PkiError('PKI_CERT_INVALID', 'certificate is not a CA certificate');
  }
}

function assertLinked(chain: readonly ParsedCertificate[]): void {
  for (let i = 0; i + 1 < chain.length; i += 1) {
    const child = chain[i].native;
    const parent = chain[i + 1];
    if (
      !parent.info.isCa ||
      !child.checkIssued(parent.native) ||
      !child.verify(parent.info.publicKey)
    ) {
      throw new PkiError('PKI_CERT_UNTRUSTED', `chain entry ${i} is not signed by entry ${i + 1}`);
    }
  }
}
