import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { readCsr, type VerifiedCsr } from '@lienthong/pki';
import { type Certificate, type RevocationReason } from './certificate.entity';
import { CertificateRepository } from './certificate.repository';
import { type CertificateView, type IssueCertificateBody } from './certificate.schemas';
import {
  CERTIFICATE_ISSUER,
  MEMBER_CERTIFICATE_DAYS,
  MEMBER_DIRECTORY,
  type CertificateIssuer,
  type MemberDirectory,
} from './certificates.constants';
import { CertificatesError } from './certificates.errors';

/** The API view of a certificate row. */
export function toCertificateView(certificate: Certificate): CertificateView {
  return {
    thumbprint: certificate.thumbprint,
    member: certificate.memberCode,
    subsystem: certificate.subsystemCode,
    serialNumber: certificate.serialNumber,
    pem: certificate.pem,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    status: certificate.status,
    revokedAt: certificate.revokedAt?.toISOString() ?? null,
    reason: certificate.revocationReason,
    revokedBy: certificate.revokedBy,
    note: certificate.revocationNote,
  };
}

/**
 * Refuses a CSR whose subject names anything but the registered member it is submitted for: its
 * member and subsystem codes, and its organ id (subject serialNumber), which must be the member's
 * registered QCVN 102 code when present. A CSR without an organ id is issued without one.
 */
function assertCsrNamesOwner(
  csr: VerifiedCsr,
  input: IssueCertificateBody,
  registeredOrganId: string | null,
): void {
  const mismatch = (field: string, requested: string | null, registered: string | null) =>
    new CertificatesError(
      'TRUST_CERTIFICATE_CSR_SUBJECT_MISMATCH',
      `the CSR names ${field} ${requested ?? 'none'}, the member registered ${registered ?? 'none'}`,
      { details: { field, requested, registered, member: input.member } },
    );
  if (csr.identity.member !== input.member) {
    throw mismatch('member', csr.identity.member, input.member);
  }
  if (csr.identity.subsystem !== input.subsystem) {
    throw mismatch('subsystem', csr.identity.subsystem, input.subsystem);
  }
  if (csr.organId !== undefined && csr.organId !== registeredOrganId) {
    throw mismatch('organId', csr.organId, registeredOrganId);
  }
}

/** Issuing member certificates from CSRs and revoking them. */
@Injectable()
export class CertificatesService {
  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(CertificateRepository) private readonly certificates: CertificateRepository,
    @Inject(MEMBER_DIRECTORY) private readonly directory: MemberDirectory,
    @Inject(CERTIFICATE_ISSUER) private readonly issuer: CertificateIssuer,
  ) {}

  /**
   * Issues a certificate for a registered, active subsystem. The CSR must name exactly that
   * member and subsystem, and no organ id but the member's registered one (checked here before
   * anything is signed; the CA checks the identity again and rebuilds the subject).
   */
  async issue(ctx: PersistenceContext, input: IssueCertificateBody): Promise<CertificateView> {
    return this.runner.run(ctx, async (tx) => {
      const owner = await this.directory.findSubsystemOwner(tx, input.member, input.subsystem);
      if (owner === null) {
        throw new CertificatesError(
          'TRUST_CERTIFICATE_SUBJECT_UNKNOWN',
          `${input.member}/${input.subsystem} is not a registered subsystem`,
          { details: { member: input.member, subsystem: input.subsystem } },
        );
      }
      if (owner.status !== 'active') {
        throw new CertificatesError(
          'TRUST_CERTIFICATE_MEMBER_SUSPENDED',
          `member ${input.member} is ${owner.status}`,
          { details: { member: input.member } },
        );
      }
      assertCsrNamesOwner(await readCsr(input.csr), input, owner.organId);
      const issued = await this.issuer.issueFromCsr(input.csr, {
        validityDays: MEMBER_CERTIFICATE_DAYS,
        expectedIdentity: { member: input.member, subsystem: input.subsystem },
      });
      const row: Certificate = {
        thumbprint: issued.thumbprint,
        memberCode: input.member,
        subsystemCode: input.subsystem,
        serialNumber: issued.serialNumber,
        pem: issued.pem,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        status: 'active',
        revokedAt: null,
        revocationReason: null,
        revokedBy: null,
        revocationNote: null,
        issuedAt: new Date(),
      };
      await this.certificates.add(tx, row);
      return toCertificateView(row);
    });
  }

  /**
   * Revokes a certificate, recording who did it and, if given, their note on why; the next
   * published configuration lists it (with the RFC 5280 reason code, not the note).
   */
  async revoke(
    ctx: PersistenceContext,
    input: { thumbprint: string; reason: RevocationReason; by: string; note?: string },
  ): Promise<CertificateView> {
    return this.runner.run(ctx, async (tx) =>
      toCertificateView(
        await this.certificates.revoke(tx, {
          thumbprint: input.thumbprint,
          reason: input.reason,
          at: new Date(),
          by: input.by,
          note: input.note ?? null,
        }),
      ),
    );
  }

  /** Certificates, optionally of one member. */
  async list(ctx: PersistenceContext, filter: { member?: string }): Promise<CertificateView[]> {
    return (await this.certificates.list(ctx, filter)).map(toCertificateView);
  }
}
