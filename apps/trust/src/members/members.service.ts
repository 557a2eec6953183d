import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { MemberRepository, type MemberWithSubsystems } from './member.repository';
import { type CreateMemberBody, type MemberView } from './member.schemas';
import { MembersError } from './members.errors';

function toView({ member, subsystems }: MemberWithSubsystems): MemberView {
  return {
    code: member.code,
    name: member.name,
    organId: member.organId,
    status: member.status,
    subsystems,
  };
}

/** Registration of members and subsystems. */
@Injectable()
export class MembersService {
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
        throw new MembersError(
          'TRUST_MEMBER_NOT_FOUND',
          `member ${input.member} is not registered`,
          {
            details: { member: input.member },
          },
        );
      }
      await this.members.addSubsystem(tx, input.member, input.code);
      const all = await this.members.listWithSubsystems(tx);
      return toView(
        all.find((entry) => entry.member.code === input.member) as MemberWithSubsystems,
      );
    });
  }

  /** Every member with its subsystems. */
  async list(ctx: PersistenceContext): Promise<MemberView[]> {
    return (await this.members.listWithSubsystems(ctx)).map(toView);
  }
}
