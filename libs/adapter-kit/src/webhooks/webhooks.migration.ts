import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tableExists } from '../core/table-exists';

/**
 * Creates the webhook tables in the data source's schema (names unqualified: search_path).
 * `webhook_endpoint`: the agency's receivers and the topics each takes. `webhook_delivery`: the
 * durable outbox of pushes, one row per (event, endpoint), inserted in the transaction of the change
 * it announces; its `id` is the delivery id the receiver dedupes on, and `body` the exact bytes
 * sent at every attempt. The kit's {@link AdapterKitWebhookTables1797100000000} calls it.
 */
export async function createWebhookTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE webhook_endpoint (
      id uuid PRIMARY KEY,
      url varchar(2048) NOT NULL,
      topics text[] NOT NULL CHECK (cardinality(topics) > 0),
      description varchar(500),
      created_by varchar(255) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz
    )`);
  await queryRunner.query(`
    CREATE TABLE webhook_delivery (
      id uuid PRIMARY KEY,
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id),
      topic varchar(64) NOT NULL,
      body bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      last_status integer,
      last_error varchar(1000),
      delivered_at timestamptz,
      dead_at timestamptz
    )`);
  // what the relay claims: due, neither delivered nor dead-lettered
  await queryRunner.query(`
    CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at)
    WHERE delivered_at IS NULL AND dead_at IS NULL`);
  await queryRunner.query(`
    CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at)`);
}

/** Drops what {@link createWebhookTables} created. */
export async function dropWebhookTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE webhook_delivery`);
  await queryRunner.query(`DROP TABLE webhook_endpoint`);
}

/** The kit's migration of the webhook tables, for every agency that declares `webhooks`. */
export class AdapterKitWebhookTables1797100000000 implements MigrationInterface {
  readonly name = 'AdapterKitWebhookTables1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await tableExists(queryRunner, 'webhook_endpoint'))) {
      await createWebhookTables(queryRunner);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWebhookTables(queryRunner);
  }
}
