import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { type AccessRight } from './access-right.entity';
import { AccessRightRepository } from './access-right.repository';
import { type AccessRightView, type CreateAccessRightBody } from './access-right.schemas';
import { SERVICE_CATALOG, type ServiceCatalog } from './access-rights.constants';
import { AccessRightsError } from './access-rights.errors';

function toView(right: AccessRight): AccessRightView {
  return {
    id: right.id,
    consumer: { member: right.consumerMember, subsystem: right.consumerSubsystem },
    service: right.serviceCode,
    purposes: right.purposes,
    fields: right.fields,
    legalBases: right.legalBases,
  };
}

/** Granting and withdrawing access rights; grants never exceed what the service offers. */
@Injectable()
export class AccessRightsService {
  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(AccessRightRepository) private readonly rights: AccessRightRepository,
    @Inject(SERVICE_CATALOG) private readonly catalog: ServiceCatalog,
  ) {}

  /** Grants a right after checking the service exists and offers every requested field. */
  async grant(ctx: PersistenceContext, input: CreateAccessRightBody): Promise<AccessRightView> {
    return this.runner.run(ctx, async (tx) => {
      const offered = await this.catalog.grantableFields(tx, input.service);
      if (offered === null) {
        throw new AccessRightsError(
          'TRUST_ACCESS_RIGHT_SERVICE_UNKNOWN',
          `service ${input.service} has no enabled version`,
          { details: { service: input.service } },
        );
      }
      const notOffered = input.fields.filter((field) => !offered.includes(field));
      if (notOffered.length > 0) {
        throw new AccessRightsError(
          'TRUST_ACCESS_RIGHT_FIELDS_NOT_OFFERED',
          `service ${input.service} does not offer ${notOffered.join(', ')}`,
          { details: { service: input.service, fields: notOffered } },
        );
      }
      const legalBases = input.legalBases ?? {};
      const strayPurposes = Object.keys(legalBases).filter((p) => !input.purposes.includes(p));
      if (strayPurposes.length > 0) {
        throw new AccessRightsError(
          'TRUST_ACCESS_RIGHT_LEGAL_BASES_INVALID',
          `legal bases are given for ${strayPurposes.join(', ')}, which the right does not grant`,
          { details: { purposes: strayPurposes } },
        );
      }
      const duplicated = Object.entries(legalBases)
        .filter(([, bases]) => new Set(bases.map((b) => b.code)).size !== bases.length)
        .map(([purpose]) => purpose);
      if (duplicated.length > 0) {
        throw new AccessRightsError(
          'TRUST_ACCESS_RIGHT_LEGAL_BASES_INVALID',
          `a legal basis is named twice for ${duplicated.join(', ')}`,
          { details: { purposes: duplicated } },
        );
      }
      const right = await this.rights.create(tx, {
        consumerMember: input.consumer.member,
        consumerSubsystem: input.consumer.subsystem,
        serviceCode: input.service,
        purposes: input.purposes,
        fields: input.fields,
        legalBases,
      });
      return toView(right);
    });
  }

  /** Withdraws a right. */
  async withdraw(ctx: PersistenceContext, id: string): Promise<void> {
    await this.runner.run(ctx, (tx) => this.rights.remove(tx, id));
  }

  /** Every right. */
  async list(ctx: PersistenceContext): Promise<AccessRightView[]> {
    return (await this.rights.list(ctx)).map(toView);
  }
}
