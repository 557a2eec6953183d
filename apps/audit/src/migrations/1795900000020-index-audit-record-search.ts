import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_QUERY_TYPE } from '@lienthong/audit-log';

// The expressions are spelled out here (a migration never changes once shipped); each must stay
// identical to its counterpart in ENTRY_PATHS of src/queries/audit-record.queries.ts, which the
// int test checks with EXPLAIN.
const QUERY_SUBJECTS = `(entry::jsonb #> '{record,query,subjects}')`;
const QUERY_ENDPOINT = `(entry::jsonb #>> '{record,query,endpoint}')`;
const IS_QUERY = `record_type = '${AUDIT_QUERY_TYPE}'`;

/**
 * Indexes of the auditor's search (`GET /v1/records`) and of the audit views in a data subject's
 * access log. The search pages in log order (`… AND seq > cursor ORDER BY seq LIMIT n`), so each
 * equality filter gets a `(value, seq)` index that answers a page with one ordered range scan.
 * The message type and the procedure live in the entry's JSON: the appender writes them to columns
 * of their own, as it does sender and outcome (expression indexes, or generated columns, parse the
 * entry in PostgreSQL for every appended record: a fifth to a third of the append rate). The member part of
 * sender and recipient (`CIV` matches every `CIV/<subsystem>`) replaces the whole-party indexes,
 * which the search serves with the same index plus a filter; a partial index serves
 * `outcome=refused` and replaces the index on the two-valued outcome. The audit service's own
 * query records are found by the data subjects they name (GIN, jsonb_path_ops) and, for exports,
 * by position; their predicates read the type column first, so other records cost nothing
 * there. Every index is one more write per appended record: the append benchmark
 * (`npm run --silent bench:audit`) is the check. `IF NOT EXISTS` lets a DBA build them
 * beforehand with CREATE INDEX CONCURRENTLY on a large log (docs in the README).
 */
export class IndexAuditRecordSearch1795900000020 implements MigrationInterface {
  readonly name = 'IndexAuditRecordSearch1795900000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    // copies of two fields of the entry, written by the appender like sender and outcome; the
    // records logged before are filled in once, the append-only trigger set aside for it
    await queryRunner.query(`ALTER TABLE audit_record
      ADD COLUMN IF NOT EXISTS record_type text,
      ADD COLUMN IF NOT EXISTS record_procedure text`);
    await queryRunner.query(`ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only`);
    await queryRunner.query(`UPDATE audit_record
      SET record_type = entry::jsonb #>> '{record,type}',
          record_procedure = entry::jsonb #>> '{record,purpose,procedure}'
      WHERE record_type IS NULL`);
    await queryRunner.query(`ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only`);
    for (const redundant of ['sender', 'recipient', 'outcome']) {
      await queryRunner.query(`DROP INDEX IF EXISTS ix_audit_record_${redundant}`);
    }
    const indexes = [
      `ix_audit_record_procedure_seq ON audit_record (record_procedure, seq)`,
      `ix_audit_record_type_seq ON audit_record (record_type, seq)`,
      `ix_audit_record_sender_member_seq ON audit_record ((split_part(sender, '/', 1)), seq)`,
      `ix_audit_record_recipient_member_seq ON audit_record ((split_part(recipient, '/', 1)), seq)`,
      `ix_audit_record_refused_seq ON audit_record (seq) WHERE outcome <> 'accepted'`,
      `ix_audit_record_query_subjects ON audit_record USING gin (${QUERY_SUBJECTS} jsonb_path_ops)
         WHERE ${IS_QUERY}`,
      `ix_audit_record_query_export ON audit_record (seq)
         WHERE ${IS_QUERY} AND ${QUERY_ENDPOINT} = 'GET /v1/log/export'`,
    ];
    for (const index of indexes) {
      await queryRunner.query(`CREATE INDEX IF NOT EXISTS ${index}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'ix_audit_record_query_export',
      'ix_audit_record_query_subjects',
      'ix_audit_record_refused_seq',
      'ix_audit_record_recipient_member_seq',
      'ix_audit_record_sender_member_seq',
      'ix_audit_record_type_seq',
      'ix_audit_record_procedure_seq',
    ]) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${name}`);
    }
    for (const column of ['sender', 'recipient', 'outcome']) {
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS ix_audit_record_${column} ON audit_record (${column})`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE audit_record DROP COLUMN IF EXISTS record_type, DROP COLUMN IF EXISTS record_procedure`,
    );
  }
}
