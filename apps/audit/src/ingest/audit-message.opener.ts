import {
  ACCEPT_REDELIVERIES,
  EnvelopeVerifier,
  type Party,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  AUDIT_BATCH_TYPE,
  AUDIT_LOG_PARTY,
  AUDIT_RECORD_TYPE,
  COSIGNATURE_TYPE,
  eventTypeOf,
  type BusRuntime,
} from '@lienthong/adapter-kit';
import { toAppError, type AppError } from '@lienthong/errors';
import { LT_SIGNATURE, type DurableMessage } from '@lienthong/messaging';
import { type AuditRecord, parseAuditRecord } from '@lienthong/audit-log';
import type { VerifiedConfiguration } from '@lienthong/trust';
import { CHECKPOINT_TYPE } from '../audit.constants';
import { AuditError } from '../audit.errors';

/** A record of a batch that was refused on its own, with the code of its first failed check. */
export interface RefusedRecord {
  /** Position in the batch. */
  readonly index: number;
  /** The record's id, when it could be read. */
  readonly recordId?: string;
  readonly error: AppError;
}

/** What one verified message on LT_AUDIT is. */
export type OpenedAuditMessage =
  | {
      readonly kind: 'records';
      /** The records to append: those the signer may make. */
      readonly records: AuditRecord[];
      /** The others, each refused alone (a batch never decides one record's fate by another). */
      readonly refused: RefusedRecord[];
      readonly envelope: VerifiedEnvelope;
    }
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'cosignature'; readonly payload: unknown; readonly signer: Party };

const same = (a: Party | undefined, b: Party) =>
  a !== undefined && a.member === b.member && a.subsystem === b.subsystem;

/**
 * Verifies messages of LT_AUDIT: signed envelopes addressed to AUDIT/log, either a batch of audit
 * records (or one record, as adapters published them before batches), one of this service's own
 * checkpoints (published on the same stream for witnesses), or a witness's cosignature of one.
 * The envelope is one signed statement and is refused whole when it fails a check; the records of
 * a batch are then checked one by one.
 */
export class AuditMessageOpener {
  constructor(private readonly runtime: BusRuntime) {}

  /** Opens one stored message; throws the coded error of the envelope's first failed check. */
  async open(message: DurableMessage): Promise<OpenedAuditMessage> {
    const verifier = this.verifierAt(message.timestamp);
    const envelope = await verifier.open<unknown>(message.data, message.headers[LT_SIGNATURE], {
      recipient: AUDIT_LOG_PARTY,
      type: [AUDIT_BATCH_TYPE, AUDIT_RECORD_TYPE, CHECKPOINT_TYPE, COSIGNATURE_TYPE],
      headers: message.headers,
    });
    const signer = envelope.body.sender;
    if (envelope.body.type === CHECKPOINT_TYPE) {
      if (!same(signer, AUDIT_LOG_PARTY)) {
        throw new AuditError(
          'AUDIT_CHECKPOINT_FOREIGN',
          `${signer.member}/${signer.subsystem} published a checkpoint`,
        );
      }
      return { kind: 'checkpoint' };
    }
    if (envelope.body.type === COSIGNATURE_TYPE) {
      // A witness's cosignature of a checkpoint; apps/audit/src/witness verifies and keeps it.
      return { kind: 'cosignature', payload: envelope.body.payload, signer };
    }
    if (envelope.body.type === AUDIT_RECORD_TYPE) {
      // An envelope of one record (an earlier release) is that record: it is refused whole.
      const record = parseAuditRecord(envelope.body.payload);
      assertMayRecord(record, signer, this.runtime.configuration.current());
      return { kind: 'records', records: [record], refused: [], envelope };
    }
    const config = this.runtime.configuration.current();
    const records: AuditRecord[] = [];
    const refused: RefusedRecord[] = [];
    (envelope.body.payload as { records: unknown[] }).records.forEach((value, index) => {
      try {
        this.runtime.schemas.validate(AUDIT_RECORD_TYPE, value);
        const record = parseAuditRecord(value, `records[${index}]`);
        assertMayRecord(record, signer, config);
        records.push(record);
      } catch (error) {
        const recordId = (value as { recordId?: unknown } | null)?.recordId;
        refused.push({
          index,
          ...(typeof recordId === 'string' && recordId.length <= 64 ? { recordId } : {}),
          error: toAppError(error),
        });
      }
    });
    return { kind: 'records', records, refused, envelope };
  }

  /**
   * A verifier whose "now" is when JetStream stored the message. Audit envelopes live a minute,
   * but the log must accept a backlog after an outage: what matters is that the envelope was
   * valid when it reached the bus, and the stream's timestamp is the server's, not the sender's.
   */
  private verifierAt(storedAt: Date): EnvelopeVerifier {
    return new EnvelopeVerifier({
      trustStore: () => this.runtime.configuration.current().trustStore,
      schemas: this.runtime.schemas,
      replay: ACCEPT_REDELIVERIES,
      clock: () => storedAt,
    });
  }
}

/**
 * Who may record a message, decided for each record on its own (docs/protocol.md §13):
 *
 * - the record names its recorder, and that is the signer of the batch (AUDIT_RECORDER_MISMATCH);
 *   a record without one is from an adapter older than the field and must come from a party;
 * - its sender or recipient: a provider records the requests it received (sender = the consumer),
 *   a consumer the replies it received, an agency the documents and statuses it received;
 * - a subscriber of an event, which is addressed by its publisher to itself: the signer must hold
 *   the event right (subscriber, publisher, event type) in the signed global configuration;
 * - the receiver that refused a message not addressed to it (a misaddressed request, a forged
 *   event): a refusal, recorded only as ids (no purpose, officer, data subject or fields), since
 *   the claims of a message that failed its checks are not to be believed.
 *
 * Anything else about a third party's traffic is AUDIT_RECORDER_NOT_PARTY.
 */
export function assertMayRecord(
  record: AuditRecord,
  signer: Party,
  config: Pick<VerifiedConfiguration, 'eventRight'>,
): void {
  if (record.recorder !== undefined && !same(record.recorder, signer)) {
    throw new AuditError(
      'AUDIT_RECORDER_MISMATCH',
      `${signer.member}/${signer.subsystem} signed a record naming ${record.recorder.member}/${record.recorder.subsystem} as its recorder`,
      { details: { recordId: record.recordId } },
    );
  }
  if (same(record.sender, signer) || same(record.recipient, signer)) {
    return;
  }
  if (record.recorder !== undefined) {
    const eventType = eventTypeOf(record.type);
    if (
      eventType !== undefined &&
      same(record.recipient, record.sender) &&
      config.eventRight(signer, record.sender.member, eventType)
    ) {
      return;
    }
    if (record.outcome.status === 'refused' && carriesIdsOnly(record)) {
      return;
    }
  }
  throw new AuditError(
    'AUDIT_RECORDER_NOT_PARTY',
    `${signer.member}/${signer.subsystem} may not record a message between ${record.sender.member}/${record.sender.subsystem} and ${record.recipient ? `${record.recipient.member}/${record.recipient.subsystem}` : 'nobody'}`,
    { details: { recordId: record.recordId } },
  );
}

/** A record with none of the claims that only a verified message may give. */
function carriesIdsOnly(record: AuditRecord): boolean {
  return (
    record.purpose === undefined &&
    record.officer === undefined &&
    record.subjectRef === undefined &&
    record.fields === undefined
  );
}
