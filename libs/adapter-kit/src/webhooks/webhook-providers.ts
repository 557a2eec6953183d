import type { Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookRelay } from './webhook-relay';
import { WebhookRepository } from './webhook.repository';
import type { WebhookDeclaration } from './webhook-declaration';
import { AdapterKitWebhookTables1797100000000 } from './webhooks.migration';
import { WEBHOOKS_OPTIONS } from './webhooks.constants';
import { WebhooksController } from './webhooks.controller';
import { loadWebhooksOptions } from './webhooks.options';

/** The webhook providers; none for an agency that does not push. */
export function webhookProviders(agency: WebhookDeclaration): Provider[] {
  if (!agency.webhooks) {
    return [];
  }
  const options = { ...loadWebhooksOptions(), ...agency.webhooks.options };
  return [
    { provide: WEBHOOKS_OPTIONS, useValue: options },
    WebhookRepository,
    WebhookRelay,
    WebhookOutbox,
  ];
}

/** The kit's webhook-table migration, for an agency that pushes. */
export function webhookMigrations(agency: WebhookDeclaration): Type<MigrationInterface>[] {
  return agency.webhooks ? [AdapterKitWebhookTables1797100000000] : [];
}

/** The operator's webhook API, for an agency that pushes. */
export function webhookControllers(agency: WebhookDeclaration): Type<unknown>[] {
  return agency.webhooks ? [WebhooksController] : [];
}
