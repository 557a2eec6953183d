import { Module } from '@nestjs/common';
import { MemberRepository } from './member.repository';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

/** Members and subsystems; exports the repository other areas read through their ports. */
@Module({
  controllers: [MembersController],
  providers: [MemberRepository, MembersService],
  exports: [MemberRepository],
})
export class MembersModule {}
