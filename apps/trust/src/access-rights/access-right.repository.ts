import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  isForeignKeyViolation,
  isUniqueViolation,
  type PersistenceContext,
} from '@lienthong/persistence';
import { AccessRight } from './access-right.entity';
import { AccessRightsError } from './access-rights.errors';

/** Access rights of consumer subsystems to services. */
@Injectable()
export class AccessRightRepository extends ContextRepository<AccessRight> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, AccessRight);
  }

  /** Inserts a right; a duplicate or an unregistered consumer is a coded rejection. */
  async create(
    ctx: PersistenceContext,
    right: Omit<AccessRight, 'id' | 'createdAt'>,
  ): Promise<AccessRight> {
    try {
      return await this.insertAndLoad(ctx, right);
    } catch (error) {
      throw this.rejection(error, right);
    }
  }

  /** Deletes a right by id; an unknown id is TRUST_ACCESS_RIGHT_NOT_FOUND. */
  async remove(ctx: PersistenceContext, id: string): Promise<void> {
    if (!(await this.deleteById(ctx, id))) {
      throw new AccessRightsError('TRUST_ACCESS_RIGHT_NOT_FOUND', `no access right ${id}`, {
        details: { id },
      });
    }
  }

  /** Every right, in a stable order. */
  async list(ctx: PersistenceContext): Promise<AccessRight[]> {
    return this.repo(ctx).find({
      order: { consumerMember: 'ASC', consumerSubsystem: 'ASC', serviceCode: 'ASC' },
    });
  }

  private rejection(error: unknown, right: Omit<AccessRight, 'id' | 'createdAt'>): unknown {
    const consumer = `${right.consumerMember}/${right.consumerSubsystem}`;
    if (isUniqueViolation(error)) {
      return new AccessRightsError(
        'TRUST_ACCESS_RIGHT_EXISTS',
        `${consumer} already has a right on ${right.serviceCode}`,
        { cause: error, details: { consumer, service: right.serviceCode } },
      );
    }
    if (isForeignKeyViolation(error)) {
      return new AccessRightsError(
        'TRUST_ACCESS_RIGHT_CONSUMER_UNKNOWN',
        `consumer ${consumer} is not a registered subsystem`,
        { cause: error, details: { consumer } },
      );
    }
    return error;
  }
}
