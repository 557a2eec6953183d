import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWebhookTables, dropWebhookTables } from '@lienthong/adapter-kit';

/** The agency's webhook receivers and the durable outbox of their deliveries (docs/protocol.md §16). */
export class CreateBusinessRegistryWebhooks1797100000003 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistryWebhooks1797100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWebhookTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWebhookTables(queryRunner);
  }
}
