import { createHash, X509Certificate as NodeX509Certificate, type KeyObject } from 'node:crypto';
import { algorithmsForKey, type SigningAlgorithm } from './algorithms';
import {
  MEMBER_CODE_PATTERN,
  ORGAN_ID_OID,
  SUBSYSTEM_CODE_PATTERN,
  type MemberIdentity,
} from './member-identity';
import { PkiError } from './pki.errors';
import { x509 } from './x509-provider';

/** A parsed certificate with everything the bus reads from it, computed once. */
export interface CertificateInfo {
  /** Canonical PEM (re-encoded from the DER, one certificate). */
  pem: string;
  der: Buffer;
  /** base64url(SHA-256(DER)): the JWS `kid`. */
  thumbprint: string;
  /** Lower-case hex without leading zeros (see {@link normalizeSerialNumber}). */
  serialNumber: string;
  /** From subject OU (subsystem) and CN (member); null for CA certificates and foreign subjects. */
  identity: MemberIdentity | null;
  /** Subject O; empty when absent. */
  organizationName: string;
  /** Subject serialNumber attribute (QCVN 102 organ id), when present. */
  organId?: string;
  /** RFC 4514-style distinguished names. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  publicKey: KeyObject;
  /** JWS algorithms allowed for this key type (EC P-256: ES256; Ed25519: EdDSA; RSA: RS256, PS256). */
  algorithms: readonly SigningAlgorithm[];
}

/** What chain validation needs beyond {@link CertificateInfo}; internal to libs/pki. */
export interface ParsedCertificate {
  info: CertificateInfo;
  native: NodeX509Certificate;
  /** Key usage bit flags (@peculiar/x509 `KeyUsageFlags`), undefined when the extension is absent. */
  keyUsage?: number;
  /** basicConstraints pathLenConstraint, undefined when unconstrained. */
  pathLength?: number;
  notBeforeMs: number;
  notAfterMs: number;
}

const CERT_PEM_HEADER = /-----BEGIN CERTIFICATE-----/g;
const NAME_LABELS = { serialNumber: ORGAN_ID_OID };

/** Lower-case hex, no leading zeros: the one spelling of a serial number in revocation lists. */
export function normalizeSerialNumber(hex: string): string {
  const clean = hex.replace(/[\s:]/g, '').toLowerCase().replace(/^0+/, '');
  return clean === '' ? '0' : clean;
}

/** base64url(SHA-256(der)). */
export function thumbprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64url');
}

/**
 * Parses one PEM certificate. Throws PKI_CERT_INVALID for anything that is not exactly one
 * well-formed X.509 certificate.
 */
export function parseCertificate(pem: string): CertificateInfo {
  return readCertificate(pem).info;
}

/** {@link parseCertificate} plus the native handle and constraints used by chain validation. */
export function readCertificate(pem: string): ParsedCertificate {
  if (typeof pem !== 'string' || (pem.match(CERT_PEM_HEADER) ?? []).length !== 1) {
    throw new PkiError('PKI_CERT_INVALID', 'expected exactly one PEM certificate');
  }
  let native: NodeX509Certificate;
  let parsed: InstanceType<typeof x509.X509Certificate>;
  try {
    native = new NodeX509Certificate(pem);
    parsed = new x509.X509Certificate(native.raw);
  } catch (cause) {
    throw new PkiError('PKI_CERT_INVALID', 'certificate cannot be parsed', { cause });
  }
  return buildParsed(native, parsed);
}

function buildParsed(
  native: NodeX509Certificate,
  parsed: InstanceType<typeof x509.X509Certificate>,
): ParsedCertificate {
  const subjectName = new x509.Name(parsed.subjectName.toArrayBuffer(), NAME_LABELS);
  const issuerName = new x509.Name(parsed.issuerName.toArrayBuffer(), NAME_LABELS);
  const basic = parsed.getExtension(x509.BasicConstraintsExtension);
  const usage = parsed.getExtension(x509.KeyUsagesExtension);
  const isCa = basic?.ca === true;
  const organId = single(subjectName, ORGAN_ID_OID);
  const info: CertificateInfo = {
    pem: native.toString(),
    der: native.raw,
    thumbprint: thumbprintOf(native.raw),
    serialNumber: normalizeSerialNumber(parsed.serialNumber),
    identity: isCa ? null : identityOf(subjectName),
    organizationName: single(subjectName, 'O') ?? '',
    ...(organId !== undefined ? { organId } : {}),
    subject: subjectName.toString(),
    issuer: issuerName.toString(),
    notBefore: native.validFromDate,
    notAfter: native.validToDate,
    isCa,
    publicKey: native.publicKey,
    algorithms: algorithmsForKey(native.publicKey),
  };
  return {
    info: Object.freeze(info),
    native,
    ...(usage ? { keyUsage: usage.usages } : {}),
    ...(basic?.pathLength !== undefined ? { pathLength: basic.pathLength } : {}),
    notBeforeMs: info.notBefore.getTime(),
    notAfterMs: info.notAfter.getTime(),
  };
}

function single(name: InstanceType<typeof x509.Name>, field: string): string | undefined {
  const values = name.getField(field);
  return values.length === 1 ? values[0] : undefined;
}

// Exactly one OU and one CN, both valid subject tokens: anything else is not a bus member, even
// if one of several values would match (no guessing which attribute the CA meant).
function identityOf(name: InstanceType<typeof x509.Name>): MemberIdentity | null {
  const member = single(name, 'CN');
  const subsystem = single(name, 'OU');
  if (member === undefined || subsystem === undefined) {
    return null;
  }
  if (!MEMBER_CODE_PATTERN.test(member) || !SUBSYSTEM_CODE_PATTERN.test(subsystem)) {
    return null;
  }
  return Object.freeze({ member, subsystem });
}
