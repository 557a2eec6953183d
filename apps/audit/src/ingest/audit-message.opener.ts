import { ACCEPT_REDELIVERIES, EnvelopeVerifier, type Party } from '@lienthong/envelope';
import {
  AUDIT_BATCH_TYPE,
  AUDIT_LOG_PARTY,
  AUDIT_RECORD_TYPE,
  COSIGNATURE_TYPE,
  type BusRuntime,
} from '@lienthong/adapter-kit';
import { LT_SIGNATURE, type DurableMessage } from '@lienthong/messaging';
import { type AuditRecord, parseAuditRecord } from '@lienthong/audit-log';
import { CHECKPOINT_TYPE } from '../audit.constants';
import { AuditError } from '../audit.errors';

/** What one verified message on LT_AUDIT is. */
export type OpenedAuditMessage =
  | { readonly kind: 'records'; readonly records: AuditRecord[]; readonly signer: Party }
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'cosignature'; readonly payload: unknown; readonly signer: Party };

const same = (a: Party | undefined, b: Party) =>
  a !== undefined && a.member === b.member && a.subsystem === b.subsystem;

/**
 * Verifies messages of LT_AUDIT: signed envelopes addressed to AUDIT/log, either a batch of audit
 * records (or one record, as adapters published them before batches), one of this service's own
 * checkpoints (published on the same stream for witnesses), or a witness's cosignature of one.
 */
export class AuditMessageOpener {
  constructor(private readonly runtime: BusRuntime) {}

  /** Opens one stored message; throws the coded error of the first failed check. */
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
    // A batch is one signed statement: one record that is not the signer's to make refuses it all.
    const records =
      envelope.body.type === AUDIT_BATCH_TYPE
        ? (envelope.body.payload as { records: unknown[] }).records.map((record, i) =>
            parseAuditRecord(record, `records[${i}]`),
          )
        : [parseAuditRecord(envelope.body.payload)];
    records.forEach((record) => assertRecorderIsParty(record, signer));
    return { kind: 'records', records, signer };
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
 * An agency records only its own side of an exchange: the signer must be the sender or the
 * recipient of the message the record is about. A provider records the requests it received
 * (sender = the consumer), a consumer the replies it received, so "sender only" would refuse
 * the kit's own records; anything about a third party's traffic is refused.
 */
export function assertRecorderIsParty(record: AuditRecord, signer: Party): void {
  if (!same(record.sender, signer) && !same(record.recipient, signer)) {
    throw new AuditError(
      'AUDIT_RECORDER_NOT_PARTY',
      `${signer.member}/${signer.subsystem} may not record a message between ${record.sender.member}/${record.sender.subsystem} and ${record.recipient ? `${record.recipient.member}/${record.recipient.subsystem}` : 'nobody'}`,
      { details: { recordId: record.recordId } },
    );
  }
}
