import type { WebhooksOptions } from './webhooks.options';

/** What an agency declares to push to its own systems (a part of its AgencyDefinition). */
export interface WebhookDeclaration {
  /** The kit creates the webhook tables; unset options come from WEBHOOK_* variables or defaults. */
  readonly webhooks?: {
    readonly options?: Partial<WebhooksOptions>;
  };
}
