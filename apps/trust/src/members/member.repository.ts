import { Inject, Injectable } from '@nestjs/common';
import { IsNull, LessThanOrEqual } from 'typeorm';
import {
  ContextRepository,
  TransactionRunner,
  isUniqueViolation,
  type PersistenceContext,
} from '@lienthong/persistence';
import { MemberSuspensionRecord } from './member-suspension.entity';
import { Member } from './member.entity';
import { MembersError } from './members.errors';
import { Subsystem } from './subsystem.entity';

/** A member with its subsystem codes and the suspension in force, if any. */
export interface MemberWithSubsystems {
  readonly member: Member;
  readonly subsystems: readonly string[];
  readonly suspension?: MemberSuspensionRecord;
}

/** Whether an open suspension is in force at `at` (it has no end, or ends later). */
function inForce(record: MemberSuspensionRecord, at: Date): boolean {
  return record.suspendedUntil === null || record.suspendedUntil.getTime() > at.getTime();
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
    input: {
      code: string;
      name: string;
      organId: string | null;
      documentsSubsystem: string | null;
    },
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

  /** Whether a member with this code is registered. */
  async exists(ctx: PersistenceContext, code: string): Promise<boolean> {
    return this.repo(ctx).existsBy({ code });
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

  /**
   * Every member with its subsystems and the suspension in force at `at`, ordered by code (stable
   * output for the configuration).
   */
  async listWithSubsystems(
    ctx: PersistenceContext,
    at: Date = new Date(),
  ): Promise<MemberWithSubsystems[]> {
    // sequential: inside a transaction the queries share one connection anyway
    const members = await this.repo(ctx).find({ order: { code: 'ASC' } });
    const subsystems = await this.runner
      .repository(ctx, Subsystem)
      .find({ order: { memberCode: 'ASC', code: 'ASC' } });
    const open = await this.suspensions(ctx).find({ where: { endedAt: IsNull() } });
    return members.map((member) => {
      const suspension = open.find((s) => s.memberCode === member.code && inForce(s, at));
      return {
        member,
        subsystems: subsystems.filter((s) => s.memberCode === member.code).map((s) => s.code),
        ...(suspension === undefined ? {} : { suspension }),
      };
    });
  }

  /** The member's suspension in force at `at`, if any. */
  async suspensionInForce(
    ctx: PersistenceContext,
    member: string,
    at: Date,
  ): Promise<MemberSuspensionRecord | null> {
    const open = await this.suspensions(ctx).findOneBy({ memberCode: member, endedAt: IsNull() });
    return open !== null && inForce(open, at) ? open : null;
  }

  /**
   * Opens a suspension and marks the member suspended. The caller holds the member's lock and
   * has ended an expired one; a second open suspension is TRUST_MEMBER_ALREADY_SUSPENDED.
   */
  async suspend(
    ctx: PersistenceContext,
    input: { member: string; reason: string; at: Date; until: Date | null; by: string },
  ): Promise<MemberSuspensionRecord> {
    const repo = this.suspensions(ctx);
    try {
      await repo.insert({
        memberCode: input.member,
        reason: input.reason,
        suspendedAt: input.at,
        suspendedUntil: input.until,
        suspendedBy: input.by,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new MembersError('TRUST_MEMBER_ALREADY_SUSPENDED', `${input.member} is suspended`, {
          cause: error,
          details: { member: input.member },
        });
      }
      throw error;
    }
    await this.repo(ctx).update({ code: input.member }, { status: 'suspended' });
    return repo.findOneByOrFail({ memberCode: input.member, endedAt: IsNull() });
  }

  /** Ends an open suspension (reinstated by `by`, or expired) and marks the member active. */
  async endSuspension(
    ctx: PersistenceContext,
    record: MemberSuspensionRecord,
    end: { at: Date; by: string | null; reason: 'reinstated' | 'expired' },
  ): Promise<MemberSuspensionRecord> {
    await this.suspensions(ctx).update(
      { id: record.id, endedAt: IsNull() },
      { endedAt: end.at, endedBy: end.by, endReason: end.reason },
    );
    await this.repo(ctx).update({ code: record.memberCode }, { status: 'active' });
    return this.suspensions(ctx).findOneByOrFail({ id: record.id });
  }

  /**
   * Ends, as expired at their end date, the open suspensions whose end date has passed at `at`
   * (of one member, or of all in member code order so that concurrent callers lock alike).
   */
  async endExpiredSuspensions(ctx: PersistenceContext, at: Date, member?: string): Promise<void> {
    const expired = await this.suspensions(ctx).find({
      where: {
        endedAt: IsNull(),
        suspendedUntil: LessThanOrEqual(at),
        ...(member === undefined ? {} : { memberCode: member }),
      },
      order: { memberCode: 'ASC' },
    });
    for (const record of expired) {
      await this.endSuspension(ctx, record, {
        at: record.suspendedUntil as Date,
        by: null,
        reason: 'expired',
      });
    }
  }

  /** Every suspension of a member, newest first. */
  async suspensionHistory(
    ctx: PersistenceContext,
    member: string,
  ): Promise<MemberSuspensionRecord[]> {
    return this.suspensions(ctx).find({
      where: { memberCode: member },
      order: { suspendedAt: 'DESC' },
    });
  }

  private suspensions(ctx: PersistenceContext) {
    return this.runner.repository(ctx, MemberSuspensionRecord);
  }

  /**
   * The member owning `member/subsystem` when both exist, else null; its status is `suspended`
   * while a suspension is in force (one past its end date no longer counts).
   */
  async findSubsystemOwner(
    ctx: PersistenceContext,
    member: string,
    subsystem: string,
  ): Promise<Member | null> {
    const found = await this.runner
      .repository(ctx, Subsystem)
      .existsBy({ memberCode: member, code: subsystem });
    const owner = found ? await this.repo(ctx).findOneBy({ code: member }) : null;
    if (owner === null) {
      return null;
    }
    const suspended = (await this.suspensionInForce(ctx, member, new Date())) !== null;
    return { ...owner, status: suspended ? 'suspended' : 'active' };
  }
}
