import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tableExists } from '../core/table-exists';
import { InboxEntry } from './inbox.entity';
import { OutboxEntry } from './outbox.entity';

/** The kit's event entities; an agency that publishes or subscribes lists them with its own. */
export const EVENT_ENTITIES = [OutboxEntry, InboxEntry] as const;

/**
 * Creates the `outbox` and `inbox` tables in the agency's schema (unqualified names: the data
 * source's search_path decides); the kit's {@link AdapterKitEventTables1795500000000} calls it.
 */
export async function createEventTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      event_id uuid PRIMARY KEY,
      subject varchar(255) NOT NULL,
      body bytea NOT NULL,
      signature text NOT NULL,
      headers jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
  await queryRunner.query(
    `CREATE INDEX ix_outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL`,
  );
  await queryRunner.query(`
    CREATE TABLE inbox (
      event_id uuid PRIMARY KEY,
      publisher varchar(16) NOT NULL,
      type varchar(64) NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
}

/** Drops what {@link createEventTables} created. */
export async function dropEventTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE inbox`);
  await queryRunner.query(`DROP TABLE outbox`);
}

/**
 * The kit's migration of the event tables, run for every agency that publishes or subscribes. A
 * schema made when each app created these tables with a migration of its own already has them
 * (and keeps that migration's row in its history): then this one only records itself.
 */
export class AdapterKitEventTables1795500000000 implements MigrationInterface {
  readonly name = 'AdapterKitEventTables1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await tableExists(queryRunner, 'outbox'))) {
      await createEventTables(queryRunner);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner);
  }
}
