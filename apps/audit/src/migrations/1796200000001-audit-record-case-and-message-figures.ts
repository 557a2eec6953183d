import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_QUERY_TYPE } from '@lienthong/audit-log';

// Spelled out here (a migration never changes once shipped); each must stay identical to its
// counterpart in src/queries (ENTRY_PATHS, RECORDS_EXPORT_ENDPOINT), which the int test checks.
const IS_QUERY = `record_type = '${AUDIT_QUERY_TYPE}'`;
const QUERY_ENDPOINT = `(entry::jsonb #>> '{record,query,endpoint}')`;
const RECORDS_EXPORT = 'GET /v1/records/export.csv';

/** The Vietnamese calendar date of a record's time (UTC+7, no daylight saving). */
const VN_DAY = `((record_time AT TIME ZONE 'UTC') + interval '7 hours')::date`;

/**
 * The case id of each record in a column of its own, as sender and procedure are (the auditor
 * searches by case), with a `(case, seq)` index; a partial index over the records of CSV
 * exports of the search (a data subject's access log looks for the exports that held their
 * entries); and the leaders' figures of the messages exchanged per day: table
 * `audit_message_daily`, one row per (day, sender member, recipient member, message type, outcome),
 * each message counted once, by the outcome of its first record (a look-up request: the
 * provider's answer or refusal; a refused request recorded by both sides is one refusal). A
 * statement trigger counts each appended batch in the append's own transaction, so the figures
 * exist exactly when the records do; the figures are not evidence (the log is), they are how a
 * dashboard reads a year of traffic in milliseconds.
 */
export class AuditRecordCaseAndMessageFigures1796200000001 implements MigrationInterface {
  readonly name = 'AuditRecordCaseAndMessageFigures1796200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_record ADD COLUMN IF NOT EXISTS record_case text`);
    await queryRunner.query(`ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only`);
    await queryRunner.query(`UPDATE audit_record
      SET record_case = entry::jsonb #>> '{record,purpose,caseId}'
      WHERE entry::jsonb #>> '{record,purpose,caseId}' IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_audit_record_case_seq ON audit_record (record_case, seq)
         WHERE record_case IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_audit_record_query_records_export ON audit_record (seq)
         WHERE ${IS_QUERY} AND ${QUERY_ENDPOINT} = '${RECORDS_EXPORT}'`,
    );
    await queryRunner.query(`
      CREATE TABLE audit_message_daily (
        day date NOT NULL,
        sender_member varchar(16) NOT NULL,
        recipient_member varchar(16) NOT NULL,
        message_type text NOT NULL,
        outcome text NOT NULL,
        messages integer NOT NULL,
        PRIMARY KEY (day, sender_member, recipient_member, message_type, outcome)
      )`);
    // one probe of the message-id index per appended record: has an earlier record counted it?
    const firstRecords = (rows: string) => `
      SELECT ${VN_DAY} AS day, split_part(sender, '/', 1) AS sender_member,
             coalesce(split_part(recipient, '/', 1), '') AS recipient_member,
             record_type, outcome
        FROM ${rows} n
       WHERE n.record_type <> '${AUDIT_QUERY_TYPE}'
         AND NOT EXISTS (SELECT 1 FROM audit_record r
                          WHERE r.message_id = n.message_id AND r.seq < n.seq)`;
    const count = (rows: string) => `
      INSERT INTO audit_message_daily AS f
        (day, sender_member, recipient_member, message_type, outcome, messages)
      SELECT day, sender_member, recipient_member, record_type, outcome, count(*)
        FROM (${firstRecords(rows)}) m
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (day, sender_member, recipient_member, message_type, outcome)
      DO UPDATE SET messages = f.messages + EXCLUDED.messages`;
    await queryRunner.query(`
      CREATE FUNCTION audit_count_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${count('new_rows')};
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_record_count_messages AFTER INSERT ON audit_record
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
      EXECUTE FUNCTION audit_count_messages()`);
    await queryRunner.query(count('audit_record'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_record_count_messages ON audit_record`);
    await queryRunner.query(`DROP FUNCTION audit_count_messages()`);
    await queryRunner.query(`DROP TABLE audit_message_daily`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_audit_record_query_records_export`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_audit_record_case_seq`);
    await queryRunner.query(`ALTER TABLE audit_record DROP COLUMN IF EXISTS record_case`);
  }
}
