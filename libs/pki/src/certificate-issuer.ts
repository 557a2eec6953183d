import { randomBytes, type KeyObject, type webcrypto } from 'node:crypto';
import { webCryptoSigning } from './algorithms';
import { PkiError } from './pki.errors';
import { x509 } from './x509-provider';

const DAY_MS = 86_400_000;

/**
 * Key usage and constraints of the certificate profiles the bus issues: CAs, members (signing
 * keys of agency systems) and TLS endpoints of the NATS transport (servers, routes and clients).
 */
export type CertificateProfile =
  | { kind: 'ca'; pathLength: number }
  | { kind: 'member' }
  | {
      kind: 'tls';
      /** serverAuth for a server (and its routes), clientAuth for a client of mutual TLS. */
      usages: readonly ('server' | 'client')[];
      dnsNames: readonly string[];
      ipAddresses: readonly string[];
    };

/** Everything needed to sign one certificate with a CA key (internal to libs/pki). */
export interface IssueParams {
  subject: x509.JsonName | InstanceType<typeof x509.Name>;
  /** The issuer's subject name, byte for byte; omitted for a self-signed root. */
  issuer?: InstanceType<typeof x509.Name>;
  subjectPublicKey: webcrypto.CryptoKey | InstanceType<typeof x509.PublicKey>;
  signingKey: KeyObject;
  /** Hex key id of the issuer's SKI; equals the subject's own for a root. */
  authorityKeyId: string;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
}

/** Validity window of `validityDays` from `notBefore`, cut at the issuer's own notAfter. */
export function validityWindow(
  validityDays: number,
  notBefore: Date,
  issuerNotAfter?: Date,
): { notBefore: Date; notAfter: Date } {
  if (!Number.isFinite(validityDays) || validityDays <= 0) {
    throw new PkiError('PKI_CERT_INVALID', 'validityDays must be a positive number');
  }
  if (Number.isNaN(notBefore.getTime())) {
    throw new PkiError('PKI_CERT_INVALID', 'notBefore is not a valid date');
  }
  const wanted = notBefore.getTime() + validityDays * DAY_MS;
  // a certificate outliving its issuer would be rejected by every path validator anyway
  const notAfter = new Date(Math.min(wanted, issuerNotAfter?.getTime() ?? wanted));
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new PkiError('PKI_CERT_INVALID', 'the issuer expires before the requested notBefore');
  }
  return { notBefore, notAfter };
}

/** Hex SKI of a public key (RFC 5280 §4.2.1.2 method 1, SHA-1 of the key bits). */
export async function keyIdOf(
  publicKey: webcrypto.CryptoKey | InstanceType<typeof x509.PublicKey>,
): Promise<string> {
  return (await x509.SubjectKeyIdentifierExtension.create(publicKey)).keyId;
}

/** Signs a certificate; returns its PEM. Serial numbers are 128 random bits. */
export async function issueCertificate(params: IssueParams): Promise<string> {
  const { importParams, signingAlgorithm } = webCryptoSigning(params.signingKey);
  const signingKey = params.signingKey.toCryptoKey(importParams, false, ['sign']);
  const extensions = [
    ...profileExtensions(params.profile),
    await x509.SubjectKeyIdentifierExtension.create(params.subjectPublicKey),
    new x509.AuthorityKeyIdentifierExtension(params.authorityKeyId),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16).toString('hex'),
    subject: params.subject,
    issuer: params.issuer ?? params.subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: params.subjectPublicKey,
    signingKey,
    signingAlgorithm,
    extensions,
  });
  return certificate.toString('pem');
}

function profileExtensions(profile: CertificateProfile): InstanceType<typeof x509.Extension>[] {
  const { KeyUsageFlags } = x509;
  if (profile.kind === 'ca') {
    return [
      new x509.BasicConstraintsExtension(true, profile.pathLength, true),
      new x509.KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ];
  }
  if (profile.kind === 'tls') {
    return [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(
        profile.usages.map((usage) =>
          usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
        ),
        false,
      ),
      ...(profile.dnsNames.length + profile.ipAddresses.length > 0
        ? [
            new x509.SubjectAlternativeNameExtension([
              ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
              ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
            ]),
          ]
        : []),
    ];
  }
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    // nonRepudiation (contentCommitment): bus signatures are evidence for the audit log
    new x509.KeyUsagesExtension(
      KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
      true,
    ),
  ];
}
