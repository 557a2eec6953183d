import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import type { WebhooksOptions } from './webhooks.options';

/** What an agency declares to push to its own systems (a part of its AgencyDefinition). */
export interface WebhookDeclaration {
  readonly webhooks?: {
    /** The app's migration that calls `createWebhookTables`. */
    readonly migrations: readonly Type<MigrationInterface>[];
    /** Tuning; unset values come from WEBHOOK_* environment variables or their defaults. */
    readonly options?: Partial<WebhooksOptions>;
  };
}
