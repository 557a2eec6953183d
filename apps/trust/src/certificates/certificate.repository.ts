import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  type PersistenceContext,
} from '@lienthong/persistence';
import { Certificate, type RevocationReason } from './certificate.entity';
import { CertificatesError } from './certificates.errors';

/** Issued certificates and their revocations. */
@Injectable()
export class CertificateRepository extends ContextRepository<Certificate> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, Certificate);
  }

  /** Records an issued certificate. */
  async add(ctx: PersistenceContext, certificate: Certificate): Promise<void> {
    await this.repo(ctx).insert(certificate);
  }

  /** Certificates, optionally of one member, newest first. */
  async list(ctx: PersistenceContext, filter: { member?: string } = {}): Promise<Certificate[]> {
    return this.repo(ctx).find({
      where: filter.member === undefined ? {} : { memberCode: filter.member },
      order: { issuedAt: 'DESC', thumbprint: 'ASC' },
    });
  }

  /** Certificates of one status, ordered by thumbprint (stable output for the configuration). */
  async listByStatus(
    ctx: PersistenceContext,
    status: Certificate['status'],
  ): Promise<Certificate[]> {
    return this.repo(ctx).find({ where: { status }, order: { thumbprint: 'ASC' } });
  }

  /** Marks a certificate revoked, once; the row is locked so two revocations cannot race. */
  async revoke(
    ctx: PersistenceContext,
    input: {
      thumbprint: string;
      reason: RevocationReason;
      at: Date;
      by: string;
      note: string | null;
    },
  ): Promise<Certificate> {
    const found = await this.repo(ctx).findOne({
      where: { thumbprint: input.thumbprint },
      lock: { mode: 'pessimistic_write' },
    });
    if (found === null) {
      throw new CertificatesError(
        'TRUST_CERTIFICATE_NOT_FOUND',
        `no certificate ${input.thumbprint}`,
        {
          details: { thumbprint: input.thumbprint },
        },
      );
    }
    if (found.status === 'revoked') {
      throw new CertificatesError(
        'TRUST_CERTIFICATE_ALREADY_REVOKED',
        `certificate ${input.thumbprint} was revoked at ${found.revokedAt?.toISOString()}`,
        { details: { thumbprint: input.thumbprint } },
      );
    }
    await this.repo(ctx).update(
      { thumbprint: input.thumbprint },
      {
        status: 'revoked',
        revokedAt: input.at,
        revocationReason: input.reason,
        revokedBy: input.by,
        revocationNote: input.note,
      },
    );
    return this.repo(ctx).findOneByOrFail({ thumbprint: input.thumbprint });
  }
}
