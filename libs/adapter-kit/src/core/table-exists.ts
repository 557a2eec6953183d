import type { QueryRunner } from 'typeorm';

/**
 * Whether a table is visible on the data source's search_path (the agency's schema): the kit's
 * table migrations create nothing that a schema made with an app's own migration already has.
 */
export async function tableExists(queryRunner: QueryRunner, table: string): Promise<boolean> {
  const [row] = (await queryRunner.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    table,
  ])) as { present: boolean }[];
  return row?.present === true;
}
