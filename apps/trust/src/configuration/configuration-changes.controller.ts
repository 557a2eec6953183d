import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperatorSubject } from '../operator-auth.guard';
import {
  CHANGE_VIEW_SCHEMA,
  PREVIEW_VIEW_SCHEMA,
  PreviewChangesBody,
  PublishChangesBody,
  type ChangeView,
  type PreviewView,
} from './configuration-change.schemas';
import { ConfigurationChanges } from './configuration-changes.service';

/** How many published change lists the history returns. */
const HISTORY_LIMIT = 100;

/** Operator API of rights change lists: preview as a diff, publish, history. */
@ApiTags('configuration')
@ApiBearerAuth()
@Controller('v1/configuration')
export class ConfigurationChangesController {
  constructor(@Inject(ConfigurationChanges) private readonly changes: ConfigurationChanges) {}

  /**
   * What the change list would change in the signed global configuration, as a readable diff.
   * Nothing is applied (the draft's transaction is rolled back); a change failing its checks
   * answers with its problem, as publishing it would.
   */
  @Post('preview')
  @HttpCode(200)
  @ApiBody({ schema: PreviewChangesBody.schema })
  @ApiOkResponse({ schema: PREVIEW_VIEW_SCHEMA })
  async preview(@Body() body: PreviewChangesBody): Promise<PreviewView> {
    return this.changes.preview(body.changes);
  }

  /** Applies the change list as one, keeps who/when/why/diff, and publishes a configuration. */
  @Post('changes')
  @HttpCode(200)
  @ApiBody({ schema: PublishChangesBody.schema })
  @ApiOkResponse({ schema: CHANGE_VIEW_SCHEMA })
  async publish(
    @Body() body: PublishChangesBody,
    @OperatorSubject() operator: string,
  ): Promise<ChangeView> {
    return this.changes.publish({ changes: body.changes, summary: body.summary, by: operator });
  }

  /** Published change lists, newest first (the last 100). */
  @Get('changes')
  @ApiOkResponse({ schema: { type: 'array', items: CHANGE_VIEW_SCHEMA } })
  async history(): Promise<ChangeView[]> {
    return this.changes.history(HISTORY_LIMIT);
  }
}
