import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
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
  };
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
   * member and subsystem (the CA checks it and rebuilds the subject from checked fields).
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
        issuedAt: new Date(),
      };
      await this.certificates.add(tx, row);
      return toCertificateView(row);
    });
  }

  /** Revokes a certificate; the next published configuration lists it. */
  async revoke(
    ctx: PersistenceContext,
    input: { thumbprint: string; reason: RevocationReason },
  ): Promise<CertificateView> {
    return this.runner.run(ctx, async (tx) =>
      toCertificateView(await this.certificates.revoke(tx, { ...input, at: new Date() })),
    );
  }

  /** Certificates, optionally of one member. */
  async list(ctx: PersistenceContext, filter: { member?: string }): Promise<CertificateView[]> {
    return (await this.certificates.list(ctx, filter)).map(toCertificateView);
  }
}
