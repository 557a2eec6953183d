import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_RIGHT_VIEW_SCHEMA,
  CreateAccessRightBody,
  type AccessRightView,
} from './access-right.schemas';
import { AccessRightsService } from './access-rights.service';

/** Operator API for access rights. */
@ApiTags('access-rights')
@ApiBearerAuth()
@Controller('v1/access-rights')
export class AccessRightsController {
  constructor(@Inject(AccessRightsService) private readonly rights: AccessRightsService) {}

  /** Grants an access right. */
  @Post()
  @ApiBody({ schema: CreateAccessRightBody.schema })
  async grant(@Body() body: CreateAccessRightBody): Promise<AccessRightView> {
    return this.rights.grant({}, body);
  }

  /** Lists access rights. */
  @Get()
  @ApiOkResponse({ schema: { type: 'array', items: ACCESS_RIGHT_VIEW_SCHEMA } })
  async list(): Promise<AccessRightView[]> {
    return this.rights.list({});
  }

  /** Withdraws an access right. */
  @Delete(':id')
  @HttpCode(204)
  async withdraw(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.rights.withdraw({}, id);
  }
}
