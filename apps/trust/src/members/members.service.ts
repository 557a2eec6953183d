import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { CONFIGURATION_SIGNER } from '@lienthong/trust';
import { type MemberSuspensionRecord } from './member-suspension.entity';
import { MemberRepository, type MemberWithSubsystems } from './member.repository';
import { type CreateMemberBody, type MemberView, type SuspensionView } from './member.schemas';
import { MembersError } from './members.errors';

/** The API view of a suspension row. */
export function toSuspensionView(record: MemberSuspensionRecord): SuspensionView {
  return {
    id: record.id,
    reason: record.reason,
    since: record.suspendedAt.toISOString(),
    until: record.suspendedUntil?.toISOString() ?? null,
    suspendedBy: record.suspendedBy,
    endedAt: record.endedAt?.toISOString() ?? null,
    endedBy: record.endedBy,
    end: record.endReason,
  };
}

function toView({ member, subsystems, suspension }: MemberWithSubsystems): MemberView {
  return {
    code: member.code,
    name: member.name,
    organId: member.organId,
    status: suspension === undefined ? 'active' : 'suspended',
    subsystems,
    suspension: suspension === undefined ? null : toSuspensionView(suspension),
  };
}

const notFound = (member: string) =>
  new MembersError('TRUST_MEMBER_NOT_FOUND', `member ${member} is not registered`, {
    details: { member },
  });

/** Registration of members and subsystems; suspension and reinstatement of members. */
@Injectable()
export class MembersService {
  private readonly logger = new Logger('members');

  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(MemberRepository) private readonly members: MemberRepository,
  ) {}

  /** Registers a member (no subsystems yet). */
  async register(ctx: PersistenceContext, input: CreateMemberBody): Promise<MemberView> {
    return this.runner.run(ctx, async (tx) => {
      const member = await this.members.create(tx, {
        code: input.code,
        name: input.name,
        organId: input.organId ?? null,
        documentsSubsystem: input.documentsSubsystem ?? null,
      });
      return toView({ member, subsystems: [] });
    });
  }

  /** Adds a subsystem to a registered member. */
  async addSubsystem(
    ctx: PersistenceContext,
    input: { member: string; code: string },
  ): Promise<MemberView> {
    return this.runner.run(ctx, async (tx) => {
      const member = await this.members.lock(tx, input.member);
      if (member === null) {
        throw notFound(input.member);
      }
      await this.members.addSubsystem(tx, input.member, input.code);
      return this.viewOf(tx, input.member);
    });
  }

  /**
   * Suspends a member: it stays registered (with its certificates), and the next published
   * configuration marks it suspended. The trust service's own member cannot be suspended: every
   * adapter needs TRUST/central to verify the configuration that would lift the suspension.
   */
  async suspend(
    ctx: PersistenceContext,
    input: { member: string; reason: string; until?: string; by: string },
  ): Promise<MemberView> {
    if (input.member === CONFIGURATION_SIGNER.member) {
      throw new MembersError(
        'TRUST_MEMBER_SUSPENSION_FORBIDDEN',
        `${input.member} signs the global configuration and cannot be suspended`,
        { details: { member: input.member } },
      );
    }
    const at = new Date();
    const until = input.until === undefined ? null : new Date(input.until);
    if (until !== null && !(until.getTime() > at.getTime())) {
      throw new MembersError(
        'TRUST_MEMBER_SUSPENSION_END_INVALID',
        `until ${input.until} is not in the future`,
        { details: { member: input.member, until: input.until } },
      );
    }
    return this.runner.run(ctx, async (tx) => {
      if ((await this.members.lock(tx, input.member)) === null) {
        throw notFound(input.member);
      }
      await this.members.endExpiredSuspensions(tx, at, input.member);
      const current = await this.members.suspensionInForce(tx, input.member, at);
      if (current !== null) {
        throw new MembersError(
          'TRUST_MEMBER_ALREADY_SUSPENDED',
          `member ${input.member} is suspended since ${current.suspendedAt.toISOString()}`,
          { details: { member: input.member, suspension: toSuspensionView(current) } },
        );
      }
      const record = await this.members.suspend(tx, {
        member: input.member,
        reason: input.reason,
        at,
        until,
        by: input.by,
      });
      this.logger.warn(
        `member ${input.member} suspended by ${input.by} until ${record.suspendedUntil?.toISOString() ?? 'reinstated'} (suspension ${record.id})`,
      );
      return this.viewOf(tx, input.member, at);
    });
  }

  /** Ends the member's suspension; the next published configuration no longer marks it. */
  async reinstate(
    ctx: PersistenceContext,
    input: { member: string; by: string },
  ): Promise<MemberView> {
    const at = new Date();
    return this.runner.run(ctx, async (tx) => {
      if ((await this.members.lock(tx, input.member)) === null) {
        throw notFound(input.member);
      }
      await this.members.endExpiredSuspensions(tx, at, input.member);
      const current = await this.members.suspensionInForce(tx, input.member, at);
      if (current === null) {
        throw new MembersError(
          'TRUST_MEMBER_NOT_SUSPENDED',
          `member ${input.member} is not suspended`,
          { details: { member: input.member } },
        );
      }
      await this.members.endSuspension(tx, current, { at, by: input.by, reason: 'reinstated' });
      this.logger.warn(
        `member ${input.member} reinstated by ${input.by} (suspension ${current.id})`,
      );
      return this.viewOf(tx, input.member, at);
    });
  }

  /** Every suspension of a member, newest first (the registry keeps them after they end). */
  async suspensions(ctx: PersistenceContext, member: string): Promise<SuspensionView[]> {
    if (!(await this.members.exists(ctx, member))) {
      throw notFound(member);
    }
    return (await this.members.suspensionHistory(ctx, member)).map(toSuspensionView);
  }

  /** Every member with its subsystems. */
  async list(ctx: PersistenceContext): Promise<MemberView[]> {
    return (await this.members.listWithSubsystems(ctx)).map(toView);
  }

  private async viewOf(ctx: PersistenceContext, member: string, at?: Date): Promise<MemberView> {
    const all = await this.members.listWithSubsystems(ctx, at);
    return toView(all.find((entry) => entry.member.code === member) as MemberWithSubsystems);
  }
}
