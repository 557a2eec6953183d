import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tableExists } from '../core/table-exists';
import { DocumentDelivery } from './document-delivery.entity';
import { DocumentRecord } from './document.entity';
import { DocumentStatusRecord } from './document-status.entity';
import { QuarantinedDocument } from './quarantined-document.entity';

/** Entities of the official-document exchange; the kit adds them to an agency's data source. */
export const DOCUMENT_ENTITIES = [
  DocumentRecord,
  DocumentStatusRecord,
  QuarantinedDocument,
  DocumentDelivery,
] as const;

/**
 * Creates the document tables in the data source's schema (names unqualified: search_path), the
 * delivery table of {@link createDocumentDeliveryTable} and the status signature included; the
 * kit's {@link AdapterKitDocumentTables1795600000000} calls it.
 */
export async function createDocumentTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE document (
      id uuid PRIMARY KEY,
      direction varchar(8) NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
      document_id varchar(300) NOT NULL,
      business_type varchar(8) NOT NULL CHECK (business_type IN ('new', 'revoke', 'update', 'replace')),
      target_ref uuid REFERENCES document (id),
      sender_member varchar(16) NOT NULL,
      sender_organ_id varchar(64) NOT NULL,
      recipients jsonb NOT NULL,
      subject text NOT NULL,
      promulgation_date date NOT NULL,
      metadata jsonb NOT NULL,
      package bytea NOT NULL,
      package_sha256 char(64) NOT NULL,
      verification jsonb,
      delivery_id uuid,
      availability varchar(12) NOT NULL,
      superseded_by uuid REFERENCES document (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_document_delivery UNIQUE (sender_member, delivery_id)
    )`);
  await queryRunner.query(
    `CREATE INDEX ix_document_direction_created ON document (direction, created_at)`,
  );
  await queryRunner.query(`CREATE INDEX ix_document_document_id ON document (document_id)`);
  await queryRunner.query(`
    CREATE TABLE document_status (
      id bigserial PRIMARY KEY,
      document_ref uuid NOT NULL REFERENCES document (id) ON DELETE CASCADE,
      recipient_member varchar(16) NOT NULL,
      code char(2) NOT NULL,
      description text,
      reason_code varchar(64),
      origin varchar(8) NOT NULL CHECK (origin IN ('local', 'remote')),
      officer_id varchar(128),
      package bytea NOT NULL,
      message_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_document_status_message UNIQUE (message_id)
    )`);
  await queryRunner.query(
    `CREATE INDEX ix_document_status_document ON document_status (document_ref, recipient_member, id)`,
  );
  await queryRunner.query(`
    CREATE TABLE document_quarantine (
      id uuid PRIMARY KEY,
      delivery_id uuid,
      claimed_sender varchar(64),
      envelope_verified boolean NOT NULL,
      document_id varchar(300),
      reason_code varchar(64) NOT NULL,
      reason text NOT NULL,
      subject varchar(200) NOT NULL,
      raw bytea NOT NULL,
      signature text,
      status_sent boolean NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  await createDocumentDeliveryTable(queryRunner);
  await addDocumentStatusSignature(queryRunner);
}

/**
 * Adds `document_status.signature`, the detached JWS of a status signed by its envelope
 * (docs/adr/0010), unless it exists: {@link createDocumentTables} adds it for new schemas, and an
 * app's later migration calls this for schemas made before it.
 */
export async function addDocumentStatusSignature(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`ALTER TABLE document_status ADD COLUMN IF NOT EXISTS signature text`);
}

/** Drops what {@link addDocumentStatusSignature} added. */
export async function dropDocumentStatusSignature(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`ALTER TABLE document_status DROP COLUMN IF EXISTS signature`);
}

/**
 * Creates `document_delivery`, the outbox of the document exchange (one row per sealed document or
 * status message, published after commit), unless it exists: {@link createDocumentTables} creates
 * it for new schemas, and an app's later migration calls this for schemas made before it.
 */
export async function createDocumentDeliveryTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS document_delivery (
      id bigserial PRIMARY KEY,
      message_id uuid NOT NULL,
      document_ref uuid REFERENCES document (id) ON DELETE CASCADE,
      kind varchar(8) NOT NULL CHECK (kind IN ('edoc', 'status')),
      recipient_member varchar(16) NOT NULL,
      recipient_subsystem varchar(32) NOT NULL,
      subject varchar(255) NOT NULL,
      body bytea NOT NULL,
      headers jsonb NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sent_at timestamptz,
      expired_at timestamptz,
      refusal_code varchar(64),
      refusal_message_id uuid,
      refused_at timestamptz,
      CONSTRAINT uq_document_delivery_message UNIQUE (message_id)
    )`);
  await queryRunner.query(
    `CREATE INDEX IF NOT EXISTS ix_document_delivery_unsent ON document_delivery (id)
       WHERE sent_at IS NULL AND expired_at IS NULL`,
  );
  await queryRunner.query(
    `CREATE INDEX IF NOT EXISTS ix_document_delivery_document ON document_delivery (document_ref)`,
  );
}

/** Drops what {@link createDocumentDeliveryTable} created. */
export async function dropDocumentDeliveryTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE IF EXISTS document_delivery`);
}

/** Drops what {@link createDocumentTables} created. */
export async function dropDocumentTables(queryRunner: QueryRunner): Promise<void> {
  await dropDocumentDeliveryTable(queryRunner);
  await queryRunner.query(`DROP TABLE document_quarantine`);
  await queryRunner.query(`DROP TABLE document_status`);
  await queryRunner.query(`DROP TABLE document`);
}

/**
 * The kit's migration of the document tables, run for every agency that declares documents. A
 * schema made when each app created them with migrations of its own already has them (and keeps
 * those rows in its history): then it adds only what such a schema may lack — the delivery
 * table and the status signature of later versions — and records itself.
 */
export class AdapterKitDocumentTables1795600000000 implements MigrationInterface {
  readonly name = 'AdapterKitDocumentTables1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await tableExists(queryRunner, 'document'))) {
      await createDocumentTables(queryRunner);
      return;
    }
    await createDocumentDeliveryTable(queryRunner);
    await addDocumentStatusSignature(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDocumentTables(queryRunner);
  }
}
