import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CreateMemberBody, CreateSubsystemBody, type MemberView } from './member.schemas';
import { MembersService } from './members.service';

/** Operator API for members and subsystems. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  /** Registers a member. */
  @Post()
  @ApiBody({ schema: CreateMemberBody.schema })
  async create(@Body() body: CreateMemberBody): Promise<MemberView> {
    return this.members.register({}, body);
  }

  /** Lists members with their subsystems. */
  @Get()
  async list(): Promise<MemberView[]> {
    return this.members.list({});
  }

  /** Adds a subsystem to a member. */
  @Post(':code/subsystems')
  @ApiBody({ schema: CreateSubsystemBody.schema })
  async addSubsystem(
    @Param('code') member: string,
    @Body() body: CreateSubsystemBody,
  ): Promise<MemberView> {
    return this.members.addSubsystem({}, { member, code: body.code });
  }
}
