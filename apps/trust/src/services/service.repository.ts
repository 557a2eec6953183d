import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  isForeignKeyViolation,
  isUniqueViolation,
  type PersistenceContext,
} from '@lienthong/persistence';
import { Service } from './service.entity';
import { ServicesError } from './services.errors';

/** The service catalog. */
@Injectable()
export class ServiceRepository extends ContextRepository<Service> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, Service);
  }

  /** Inserts a service version; duplicates and unknown providers are coded rejections. */
  async create(ctx: PersistenceContext, service: Omit<Service, 'createdAt'>): Promise<Service> {
    try {
      await this.repo(ctx).insert(service);
    } catch (error) {
      throw this.rejection(error, service);
    }
    return this.repo(ctx).findOneByOrFail({ code: service.code, version: service.version });
  }

  /** Every service version, ordered by code then version. */
  async list(ctx: PersistenceContext, options: { enabledOnly?: boolean } = {}): Promise<Service[]> {
    return this.repo(ctx).find({
      where: options.enabledOnly === true ? { enabled: true } : {},
      order: { code: 'ASC', version: 'ASC' },
    });
  }

  /**
   * The fields a consumer may be granted on a service code: those of its newest enabled
   * version, or null when no enabled version exists.
   */
  async grantableFields(ctx: PersistenceContext, code: string): Promise<string[] | null> {
    const newest = await this.repo(ctx).findOne({
      where: { code, enabled: true },
      order: { version: 'DESC' },
    });
    return newest === null ? null : newest.fields;
  }

  private rejection(error: unknown, service: Omit<Service, 'createdAt'>): unknown {
    if (isUniqueViolation(error)) {
      return new ServicesError(
        'TRUST_SERVICE_EXISTS',
        `service ${service.code} v${service.version} already exists`,
        { cause: error, details: { service: service.code, version: service.version } },
      );
    }
    if (isForeignKeyViolation(error)) {
      const provider = `${service.providerMember}/${service.providerSubsystem}`;
      return new ServicesError(
        'TRUST_SERVICE_PROVIDER_UNKNOWN',
        `provider ${provider} is not a registered subsystem`,
        { cause: error, details: { provider } },
      );
    }
    return error;
  }
}
