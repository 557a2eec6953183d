import { Body, Controller, Delete, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommonError } from '@lienthong/errors';
import { OperatorSubject } from '../operator-auth.guard';
import {
  CreateMemberBody,
  CreateSubsystemBody,
  MEMBER_VIEW_SCHEMA,
  SUSPENSION_VIEW_SCHEMA,
  SuspendMemberBody,
  type MemberView,
  type SuspensionView,
} from './member.schemas';
import { MembersService } from './members.service';

const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;

function memberCode(code: string): string {
  if (!MEMBER.test(code)) {
    throw new CommonError('REQUEST_INVALID', 'the path must name a member code');
  }
  return code;
}

/** Operator API for members and subsystems. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  /** Registers a member. */
  @Post()
  @ApiBody({ schema: CreateMemberBody.schema })
  @ApiOkResponse({ schema: MEMBER_VIEW_SCHEMA })
  async create(@Body() body: CreateMemberBody): Promise<MemberView> {
    return this.members.register({}, body);
  }

  /** Lists members with their subsystems. */
  @Get()
  @ApiOkResponse({ schema: { type: 'array', items: MEMBER_VIEW_SCHEMA } })
  async list(): Promise<MemberView[]> {
    return this.members.list({});
  }

  /** Adds a subsystem to a member. */
  @Post(':code/subsystems')
  @ApiBody({ schema: CreateSubsystemBody.schema })
  @ApiOkResponse({ schema: MEMBER_VIEW_SCHEMA })
  async addSubsystem(
    @Param('code') member: string,
    @Body() body: CreateSubsystemBody,
  ): Promise<MemberView> {
    return this.members.addSubsystem({}, { member, code: body.code });
  }

  /**
   * Suspends a member: the next global configuration marks it suspended, so every adapter
   * refuses its messages and sends nothing to it, until it is reinstated or `until` passes.
   */
  @Post(':code/suspension')
  @ApiBody({ schema: SuspendMemberBody.schema })
  @ApiOkResponse({ schema: MEMBER_VIEW_SCHEMA })
  async suspend(
    @Param('code') code: string,
    @Body() body: SuspendMemberBody,
    @OperatorSubject() operator: string,
  ): Promise<MemberView> {
    return this.members.suspend(
      {},
      {
        member: memberCode(code),
        reason: body.reason,
        ...(body.until === undefined ? {} : { until: body.until }),
        by: operator,
      },
    );
  }

  /** Reinstates a suspended member; the next global configuration no longer marks it. */
  @Delete(':code/suspension')
  @ApiOkResponse({ schema: MEMBER_VIEW_SCHEMA })
  async reinstate(
    @Param('code') code: string,
    @OperatorSubject() operator: string,
  ): Promise<MemberView> {
    return this.members.reinstate({}, { member: memberCode(code), by: operator });
  }

  /** The member's suspensions, newest first, including ended ones. */
  @Get(':code/suspensions')
  @ApiOkResponse({ schema: { type: 'array', items: SUSPENSION_VIEW_SCHEMA } })
  async suspensions(@Param('code') code: string): Promise<SuspensionView[]> {
    return this.members.suspensions({}, memberCode(code));
  }
}
