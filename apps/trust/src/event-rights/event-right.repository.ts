import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  isForeignKeyViolation,
  isUniqueViolation,
  type PersistenceContext,
} from '@lienthong/persistence';
import { EventRight } from './event-right.entity';
import { EventRightsError } from './event-rights.errors';

/** Event subscription rights. */
@Injectable()
export class EventRightRepository extends ContextRepository<EventRight> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, EventRight);
  }

  /** Inserts a right; duplicates and unregistered parties are coded rejections. */
  async create(
    ctx: PersistenceContext,
    right: Omit<EventRight, 'id' | 'createdAt'>,
  ): Promise<EventRight> {
    try {
      return await this.insertAndLoad(ctx, right);
    } catch (error) {
      throw this.rejection(error, right);
    }
  }

  /** Deletes a right by id; an unknown id is TRUST_EVENT_RIGHT_NOT_FOUND. */
  async remove(ctx: PersistenceContext, id: string): Promise<void> {
    if (!(await this.deleteById(ctx, id))) {
      throw new EventRightsError('TRUST_EVENT_RIGHT_NOT_FOUND', `no event right ${id}`, {
        details: { id },
      });
    }
  }

  /** Every right, in a stable order. */
  async list(ctx: PersistenceContext): Promise<EventRight[]> {
    return this.repo(ctx).find({
      order: {
        subscriberMember: 'ASC',
        subscriberSubsystem: 'ASC',
        publisherMember: 'ASC',
        eventType: 'ASC',
      },
    });
  }

  private rejection(error: unknown, right: Omit<EventRight, 'id' | 'createdAt'>): unknown {
    const subscriber = `${right.subscriberMember}/${right.subscriberSubsystem}`;
    const details = { subscriber, publisher: right.publisherMember, eventType: right.eventType };
    if (isUniqueViolation(error)) {
      return new EventRightsError(
        'TRUST_EVENT_RIGHT_EXISTS',
        `${subscriber} already receives ${right.eventType} from ${right.publisherMember}`,
        { cause: error, details },
      );
    }
    if (isForeignKeyViolation(error)) {
      return new EventRightsError(
        'TRUST_EVENT_RIGHT_PARTY_UNKNOWN',
        `subscriber ${subscriber} or publisher ${right.publisherMember} is not registered`,
        { cause: error, details },
      );
    }
    return error;
  }
}
