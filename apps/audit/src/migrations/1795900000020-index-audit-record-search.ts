import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_QUERY_TYPE } from '@lienthong/transparency';

// The expressions are spelled out here (a migration never changes once shipped); each must stay
// identical to its counterpart in ENTRY_PATHS of src/queries/audit-record.queries.ts, which the
// int test checks with EXPLAIN.
const PROCEDURE = `(entry::jsonb #>> '{record,purpose,procedure}')`;
const TYPE = `(entry::jsonb #>> '{record,type}')`;
const QUERY_SUBJECTS = `(entry::jsonb #> '{record,query,subjects}')`;
const QUERY_ENDPOINT = `(entry::jsonb #>> '{record,query,endpoint}')`;
const IS_QUERY = `${TYPE} = '${AUDIT_QUERY_TYPE}'`;

/**
 * Indexes of the auditor's search (`GET /v1/records`) and of the audit views in a data subject's
 * access log. The search pages in log order (`… AND seq > cursor ORDER BY seq LIMIT n`), so each
 * equality filter gets a `(value, seq)` index that answers a page with one ordered range scan:
 * the procedure and the message type, which live only in the entry's JSON (expression indexes),
 * and the member part of sender and recipient (`CIV` matches every `CIV/<subsystem>`). A partial
 * index serves `outcome=refused`. The audit service's own query records are found by the data
 * subjects they name (GIN, jsonb_path_ops) and, for exports, by position. `IF NOT EXISTS` lets a
 * DBA build them beforehand with CREATE INDEX CONCURRENTLY on a large log (docs in the README).
 */
export class IndexAuditRecordSearch1795900000020 implements MigrationInterface {
  readonly name = 'IndexAuditRecordSearch1795900000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    const indexes = [
      `ix_audit_record_procedure_seq ON audit_record (${PROCEDURE}, seq)`,
      `ix_audit_record_type_seq ON audit_record (${TYPE}, seq)`,
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
  }
}
