import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWebhookTables, dropWebhookTables } from '@lienthong/adapter-kit';

/** The agency's webhook receivers and the durable outbox of their deliveries (docs/protocol.md §16). */
export class CreateCivilStatusWebhooks1797100000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusWebhooks1797100000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWebhookTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWebhookTables(queryRunner);
  }
}
