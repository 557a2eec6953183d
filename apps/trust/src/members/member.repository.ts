import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  isUniqueViolation,
  type PersistenceContext,
} from '@lienthong/persistence';
import { Member } from './member.entity';
import { MembersError } from './members.errors';
import { Subsystem } from './subsystem.entity';

/** A member with its subsystem codes. */
export interface MemberWithSubsystems {
  readonly member: Member;
  readonly subsystems: readonly string[];
}

/** Members and their subsystems. */
@Injectable()
export class MemberRepository extends ContextRepository<Member> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, Member);
  }

  /** Inserts a member; a taken code is TRUST_MEMBER_EXISTS. */
  async create(
    ctx: PersistenceContext,
    input: { code: string; name: string; organId: string | null },
  ): Promise<Member> {
    try {
      await this.repo(ctx).insert({ ...input, status: 'active' });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new MembersError('TRUST_MEMBER_EXISTS', `member ${input.code} already exists`, {
          cause: error,
          details: { member: input.code },
        });
      }
      throw error;
    }
    return this.repo(ctx).findOneByOrFail({ code: input.code });
  }

  /** Locks the member row for the rest of the transaction, so its subsystems change serially. */
  async lock(ctx: PersistenceContext, code: string): Promise<Member | null> {
    return this.repo(ctx).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  /** Adds a subsystem to an existing member. */
  async addSubsystem(ctx: PersistenceContext, memberCode: string, code: string): Promise<void> {
    try {
      await this.runner.repository(ctx, Subsystem).insert({ memberCode, code });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new MembersError(
          'TRUST_SUBSYSTEM_EXISTS',
          `subsystem ${memberCode}/${code} already exists`,
          { cause: error, details: { member: memberCode, subsystem: code } },
        );
      }
      throw error;
    }
  }

  /** Every member with its subsystems, ordered by code (stable output for the configuration). */
  async listWithSubsystems(ctx: PersistenceContext): Promise<MemberWithSubsystems[]> {
    // sequential: inside a transaction both queries share one connection anyway
    const members = await this.repo(ctx).find({ order: { code: 'ASC' } });
    const subsystems = await this.runner
      .repository(ctx, Subsystem)
      .find({ order: { memberCode: 'ASC', code: 'ASC' } });
    return members.map((member) => ({
      member,
      subsystems: subsystems.filter((s) => s.memberCode === member.code).map((s) => s.code),
    }));
  }

  /** The member owning `member/subsystem` when both exist, else null. */
  async findSubsystemOwner(
    ctx: PersistenceContext,
    member: string,
    subsystem: string,
  ): Promise<Member | null> {
    const found = await this.runner
      .repository(ctx, Subsystem)
      .existsBy({ memberCode: member, code: subsystem });
    return found ? this.repo(ctx).findOneBy({ code: member }) : null;
  }
}
