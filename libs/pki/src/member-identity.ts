import { PkiError } from './pki.errors';

/** A system of a member agency on the bus, e.g. `{ member: 'POP', subsystem: 'registry' }`. */
export interface MemberIdentity {
  member: string;
  subsystem: string;
}

/** Member code: a NATS subject token (docs/architecture.md, Identities). */
export const MEMBER_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,15}$/;
/** Subsystem code: a NATS subject token (docs/architecture.md, Identities). */
export const SUBSYSTEM_CODE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** OID of the X.520 `serialNumber` name attribute, which carries the QCVN 102 organ id. */
export const ORGAN_ID_OID = '2.5.4.5';

/** True when both codes are valid subject tokens. */
export function isMemberIdentity(value: MemberIdentity): boolean {
  return MEMBER_CODE_PATTERN.test(value.member) && SUBSYSTEM_CODE_PATTERN.test(value.subsystem);
}

/** Two identities name the same subsystem. */
export function sameIdentity(a: MemberIdentity, b: MemberIdentity): boolean {
  return a.member === b.member && a.subsystem === b.subsystem;
}

/** The subject fields of a member certificate, as read from or written to a name. */
export interface MemberSubject {
  identity: MemberIdentity;
  organizationName: string;
  organId?: string;
}

/**
 * Builds the member subject `C=VN, O=<organisation>, OU=<subsystem>, CN=<member>`
 * (+ `serialNumber=<organId>`) in the JSON form @peculiar/x509 encodes, one attribute per RDN.
 * Throws `errorCode` when a field is invalid, so a CSR and a certificate fail with their own code.
 */
export function memberSubjectName(
  subject: MemberSubject,
  errorCode: 'PKI_CSR_INVALID' | 'PKI_CERT_INVALID',
): Record<string, string[]>[] {
  assertMemberSubject(subject, errorCode);
  const name: Record<string, string[]>[] = [
    { C: ['VN'] },
    { O: [subject.organizationName] },
    { OU: [subject.identity.subsystem] },
    { CN: [subject.identity.member] },
  ];
  if (subject.organId !== undefined) {
    name.push({ [ORGAN_ID_OID]: [subject.organId] });
  }
  return name;
}

function assertMemberSubject(
  subject: MemberSubject,
  errorCode: 'PKI_CSR_INVALID' | 'PKI_CERT_INVALID',
): void {
  if (!isMemberIdentity(subject.identity)) {
    throw new PkiError(errorCode, 'member or subsystem code is not a valid subject token', {
      details: { member: subject.identity.member, subsystem: subject.identity.subsystem },
    });
  }
  if (!isCleanText(subject.organizationName)) {
    throw new PkiError(errorCode, 'organisation name is empty, too long or has control characters');
  }
  if (subject.organId !== undefined && !/^[A-Za-z0-9.-]{1,64}$/.test(subject.organId)) {
    throw new PkiError(errorCode, 'organ id is not a QCVN 102 code', {
      details: { organId: subject.organId },
    });
  }
}

// X.520 caps organizationName at 64 characters; control characters would make logs and
// distinguished-name strings ambiguous.
function isCleanText(value: string): boolean {
  return value.trim().length > 0 && value.length <= 64 && !/[\u0000-\u001f\u007f]/.test(value);
}
