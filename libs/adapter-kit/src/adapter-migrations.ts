import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import type { AgencyDefinition } from './agency-definition';
import { documentMigrations } from './documents/document-providers';
import { eventMigrations } from './events/event-providers';
import { witnessMigrations } from './witness/witness-providers';
import { webhookMigrations } from './webhooks/webhook-providers';

/**
 * The migrations an adapter runs at start: its registry's (the app lists only those) and the kit's
 * own tables for the lanes it declares — the outbox and inbox for events, the document tables for
 * official documents, the witnessed checkpoints for a witness. TypeORM orders them by the
 * timestamp that ends each name, so the kit's keep their place among an app's.
 */
export function adapterMigrations(agency: AgencyDefinition): Type<MigrationInterface>[] {
  return [
    ...agency.migrations,
    ...eventMigrations(agency),
    ...documentMigrations(agency),
    ...witnessMigrations(agency),
    ...webhookMigrations(agency),
  ];
}
