import { type CertificateInfo, type MemberIdentity } from '@lienthong/pki';
import { type PersistenceContext } from '@lienthong/persistence';

/** Port: the registered owner of a subsystem, as this area needs to know it. */
export interface MemberDirectory {
  findSubsystemOwner(
    ctx: PersistenceContext,
    member: string,
    subsystem: string,
  ): Promise<{ readonly status: string; readonly organId: string | null } | null>;
}

/** Port: the CA that signs member certificates. */
export interface CertificateIssuer {
  issueFromCsr(
    csrPem: string,
    input: { validityDays: number; expectedIdentity: MemberIdentity },
  ): Promise<CertificateInfo>;
}

/** Injection token of the MemberDirectory port. */
export const MEMBER_DIRECTORY = Symbol('MEMBER_DIRECTORY');

/** Injection token of the CertificateIssuer port. */
export const CERTIFICATE_ISSUER = Symbol('CERTIFICATE_ISSUER');

/** How long a member certificate is valid; members renew with a new CSR. */
export const MEMBER_CERTIFICATE_DAYS = 365;
