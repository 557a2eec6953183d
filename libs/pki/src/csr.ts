import { createPublicKey, type KeyObject } from 'node:crypto';
import { algorithmsForKey, webCryptoSigning } from './algorithms';
import {
  memberSubjectName,
  ORGAN_ID_OID,
  type MemberIdentity,
  type MemberSubject,
} from './member-identity';
import { PkiError } from './pki.errors';
import { assertPrivate, keysMatch } from './private-key';
import { x509 } from './x509-provider';

/** Input of {@link createCsr}. */
export interface CreateCsrInput {
  privateKey: KeyObject;
  publicKey: KeyObject;
  identity: MemberIdentity;
  organizationName: string;
  /** QCVN 102 organ id, written as the subject serialNumber attribute. */
  organId?: string;
}

/**
 * Creates a PKCS#10 request (PEM) for a member certificate, subject
 * `C=VN, O=<organizationName>, OU=<subsystem>, CN=<member>[, serialNumber=<organId>]`,
 * signed with the private key (proof of possession). The key never leaves the process.
 */
export async function createCsr(input: CreateCsrInput): Promise<string> {
  assertPrivate(input.privateKey);
  if (input.publicKey?.type !== 'public' || !keysMatch(input.privateKey, input.publicKey)) {
    throw new PkiError('PKI_KEY_INVALID', 'public key does not belong to the private key');
  }
  if (algorithmsForKey(input.publicKey).length === 0) {
    throw new PkiError('PKI_KEY_INVALID', 'key type is not supported for bus signatures');
  }
  const name = memberSubjectName(input, 'PKI_CSR_INVALID');
  const { importParams, signingAlgorithm } = webCryptoSigning(input.privateKey);
  const keys = {
    privateKey: input.privateKey.toCryptoKey(importParams, false, ['sign']),
    publicKey: input.publicKey.toCryptoKey(importParams, true, ['verify']),
  };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm,
  });
  return csr.toString('pem');
}

/** A CSR whose signature and subject have been checked. */
export interface VerifiedCsr extends MemberSubject {
  publicKey: KeyObject;
  /** The CSR public key as @peculiar/x509 holds it, for SKI and certificate generation. */
  x509PublicKey: InstanceType<typeof x509.PublicKey>;
}

const ALLOWED_ATTRIBUTES = new Set(['2.5.4.6', '2.5.4.10', '2.5.4.11', '2.5.4.3', ORGAN_ID_OID]);

/**
 * Parses a CSR, verifies its self-signature (a changed subject or key breaks it) and reads the
 * member subject. Every failure is PKI_CSR_INVALID, except an unsupported key (PKI_KEY_INVALID).
 */
export async function readCsr(csrPem: string): Promise<VerifiedCsr> {
  const csr = parseCsr(csrPem);
  let valid = false;
  try {
    valid = await csr.verify();
  } catch (cause) {
    throw new PkiError('PKI_CSR_INVALID', 'CSR signature cannot be verified', { cause });
  }
  if (!valid) {
    throw new PkiError('PKI_CSR_INVALID', 'CSR signature is invalid');
  }
  const subject = readSubject(csr.subjectName);
  const publicKey = createPublicKey({
    key: Buffer.from(csr.publicKey.rawData),
    format: 'der',
    type: 'spki',
  });
  if (algorithmsForKey(publicKey).length === 0) {
    throw new PkiError('PKI_KEY_INVALID', 'CSR key type is not supported for bus signatures');
  }
  // rebuilding the name validates every field against the same rules as createCsr
  memberSubjectName(subject, 'PKI_CSR_INVALID');
  return { ...subject, publicKey, x509PublicKey: csr.publicKey };
}

function parseCsr(csrPem: string): InstanceType<typeof x509.Pkcs10CertificateRequest> {
  if (typeof csrPem !== 'string' || !csrPem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
    throw new PkiError('PKI_CSR_INVALID', 'expected a PEM certificate request');
  }
  try {
    return new x509.Pkcs10CertificateRequest(csrPem);
  } catch (cause) {
    throw new PkiError('PKI_CSR_INVALID', 'CSR cannot be parsed', { cause });
  }
}

// Exactly one of each expected attribute and nothing else: a second CN or an unknown attribute
// could make the issued certificate name something other than what the operator approved.
function readSubject(name: InstanceType<typeof x509.Name>): MemberSubject {
  let count = 0;
  for (const rdn of name.toJSON()) {
    for (const [type, values] of Object.entries(rdn)) {
      if (!ALLOWED_ATTRIBUTES.has(oidOf(type))) {
        throw new PkiError('PKI_CSR_INVALID', `CSR subject has an unexpected attribute ${type}`);
      }
      count += values.length;
    }
  }
  const field = (id: string): string[] => name.getField(id);
  const [country, organizations, units, commonNames, organIds] = [
    field('2.5.4.6'),
    field('2.5.4.10'),
    field('2.5.4.11'),
    field('2.5.4.3'),
    field(ORGAN_ID_OID),
  ];
  const once = [country, organizations, units, commonNames].every((v) => v.length === 1);
  if (!once || organIds.length > 1 || country[0] !== 'VN') {
    throw new PkiError('PKI_CSR_INVALID', 'CSR subject must be C=VN, O, OU, CN[, serialNumber]');
  }
  const expected = 4 + organIds.length;
  if (count !== expected) {
    throw new PkiError('PKI_CSR_INVALID', 'CSR subject repeats an attribute');
  }
  return {
    identity: { member: commonNames[0], subsystem: units[0] },
    organizationName: organizations[0],
    ...(organIds.length === 1 ? { organId: organIds[0] } : {}),
  };
}

const SHORT_NAMES: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
};

function oidOf(type: string): string {
  return SHORT_NAMES[type] ?? type;
}
