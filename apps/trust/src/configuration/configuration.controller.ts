import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ConfigurationPublisher,
  type PublishedConfiguration,
} from './configuration-publisher.service';
import { ConfigurationError } from './configuration.errors';

/** Summary of a publish, without the document itself. */
interface PublishSummary {
  readonly version: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly sha256: string;
}

function summary(published: PublishedConfiguration): PublishSummary {
  const { version, issuedAt, expiresAt, sha256 } = published;
  return { version, issuedAt, expiresAt, sha256 };
}

/** Operator API of the global configuration. */
@ApiTags('configuration')
@ApiBearerAuth()
@Controller('v1/configuration')
export class ConfigurationController {
  constructor(@Inject(ConfigurationPublisher) private readonly publisher: ConfigurationPublisher) {}

  /** The current signed configuration: base64url payload bytes and the detached JWS. */
  @Get()
  current(): { payload: string; signature: string } {
    const current = this.publisher.current();
    if (current === undefined) {
      throw new ConfigurationError(
        'TRUST_CONFIGURATION_NOT_PUBLISHED',
        'no configuration has been published by this instance yet',
      );
    }
    return {
      payload: current.signed.bytes.toString('base64url'),
      signature: current.signed.signature,
    };
  }

  /** Publishes a new configuration now. */
  @Post('publish')
  @HttpCode(200)
  async publish(): Promise<PublishSummary> {
    return summary(await this.publisher.publish());
  }
}
