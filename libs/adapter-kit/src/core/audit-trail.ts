import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  seal,
  type DataSubject,
  type EnvelopeBody,
  type Party,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import { auditSubject, publishDurable } from '@lienthong/messaging';
import { currentTraceId } from '@lienthong/telemetry';
import { subjectRef, type AuditOutcome, type AuditRecord } from '@lienthong/audit-log';
import { BusRuntime } from './bus-runtime';
import { AdapterError } from './adapter.errors';
import { GroupCommit } from './group-commit';

/** What the kit knows about one message when it records it. */
export interface AuditFacts {
  readonly body?: Partial<EnvelopeBody>;
  readonly bytes?: Uint8Array;
  readonly signature?: string;
  readonly outcome: AuditOutcome;
  /** Record fields returned (minimisation), when data was disclosed. */
  readonly fields?: readonly string[];
  /** Whether `body` passed verification; claims of an unverified body are recorded only as ids. */
  readonly verified: boolean;
  /** For refusals of unverified messages: whatever sender the bytes claimed. */
  readonly claimedSender?: Party;
  /**
   * Whom the message is about, as its recorder read it from the payload (a provider, from the
   * field its request schema annotates); the verified body's `subject` otherwise.
   */
  readonly subject?: DataSubject;
}

/** The facts of a message that verified and was accepted (and of the fields disclosed, if any). */
export function acceptedFacts(verified: VerifiedEnvelope, fields?: readonly string[]): AuditFacts {
  return {
    body: verified.body,
    bytes: verified.bytes,
    signature: verified.signature,
    verified: true,
    outcome: { status: 'accepted' },
    ...(fields ? { fields } : {}),
  };
}

/** Message type of one audit record (a batch's items; envelopes of one record are still read). */
export const AUDIT_RECORD_TYPE = 'urn:lienthong:audit:audit-record:1';
/** Message type of the signed envelopes adapters publish on LT_AUDIT: a batch of records. */
export const AUDIT_BATCH_TYPE = 'urn:lienthong:audit:audit-batch:1';
/** The audit service's identity on the bus. */
export const AUDIT_LOG_PARTY: Party = Object.freeze({ member: 'AUDIT', subsystem: 'log' });
/** Most records in one batch (the batch schema's limit). */
export const AUDIT_BATCH_MAX_RECORDS = 256;
/** A batch whose envelope would be larger is split (NATS's default payload limit is 1 MiB). */
const AUDIT_BATCH_MAX_BYTES = 512 * 1024;

const digest = (data: Uint8Array | string) =>
  `sha-256:${createHash('sha256').update(data).digest('base64url')}`;

/**
 * Writes the audit trail of every message this adapter accepts or refuses to LT_AUDIT, and waits
 * for the JetStream acknowledgement: no data is disclosed without its audit record (fail closed,
 * as X-Road does when its message log is unavailable). Never a payload, and the data subject only
 * as a keyed hash.
 *
 * Records travel in signed batches (group commit, docs/adr/0009-audit-batches.md): the records of
 * one event-loop turn leave together, and while a batch waits for its ack the next one gathers.
 * An idle adapter therefore publishes each record at once, a busy one signs, sends and has acked
 * one envelope for many records; every caller still goes on only once its own record is stored.
 */
@Injectable()
export class AuditTrail {
  private readonly batches = new GroupCommit<AuditRecord>((records) => this.publish(records), {
    maxItems: AUDIT_BATCH_MAX_RECORDS,
  });

  constructor(private readonly runtime: BusRuntime) {}

  /** Builds the record for one message (exported for tests and for the audit service's own use). */
  build(facts: AuditFacts): AuditRecord {
    const body = facts.body ?? {};
    const sender = isParty(body.sender) ? body.sender : (facts.claimedSender ?? this.runtime.self);
    const subject = facts.verified ? (facts.subject ?? body.subject) : undefined;
    const traceId = currentTraceId();
    return {
      recordId: recordIdOf(this.runtime.self, body.id, facts.outcome, facts.verified),
      messageId: isUuid(body.id) ? body.id : uuidv7(),
      type: typeof body.type === 'string' && TYPE.test(body.type) ? body.type : UNREADABLE_TYPE,
      sender,
      ...(isParty(body.recipient) ? { recipient: body.recipient } : {}),
      recorder: this.runtime.self,
      ...(facts.verified && body.purpose ? { purpose: body.purpose } : {}),
      ...(facts.verified && body.officer?.id ? { officer: body.officer.id } : {}),
      ...(subject
        ? { subjectRef: subjectRef(this.runtime.subjectKey, subject.scheme, subject.id) }
        : {}),
      outcome: facts.outcome,
      ...(facts.bytes ? { payloadDigest: digest(facts.bytes) } : {}),
      ...(facts.signature ? { signatureDigest: digest(facts.signature) } : {}),
      ...(traceId ? { traceId } : {}),
      ...(isUuid(body.correlationId) ? { correlationId: body.correlationId } : {}),
      ...(isUuid(body.causationId) ? { causationId: body.causationId } : {}),
      ...(facts.fields ? { fields: [...facts.fields] } : {}),
      time: new Date().toISOString(),
    };
  }

  /**
   * Records one message: resolves with its record once the batch that carries it is stored on
   * LT_AUDIT; rejects with the retryable AUDIT_UNAVAILABLE otherwise.
   */
  async record(facts: AuditFacts): Promise<AuditRecord> {
    const record = this.build(facts);
    try {
      await this.batches.add(record);
    } catch (error) {
      throw new AdapterError('AUDIT_UNAVAILABLE', 'audit record could not be written', {
        cause: error,
      });
    }
    return record;
  }

  /**
   * Signs the records as one envelope and publishes it durably, deduplicated by its id. Records
   * travel signed like every bus message, so the audit service can prove who said what; the log
   * keeps each record id once, so a record that reaches it twice (a redelivered message recorded
   * again) is one entry.
   */
  private async publish(records: AuditRecord[]): Promise<void> {
    const sealed = seal(
      { type: AUDIT_BATCH_TYPE, recipient: AUDIT_LOG_PARTY, payload: { records } },
      this.runtime.signer,
    );
    if (sealed.bytes.length > AUDIT_BATCH_MAX_BYTES && records.length > 1) {
      const half = Math.ceil(records.length / 2);
      await Promise.all([this.publish(records.slice(0, half)), this.publish(records.slice(half))]);
      return;
    }
    await publishDurable(
      this.runtime.jetstream,
      auditSubject(this.runtime.namespace, this.runtime.agency.member),
      { data: sealed.bytes, msgId: sealed.body.id, headers: sealed.headers },
    );
  }
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The id of an audit record, a UUIDv7. An *accepted* record of a verified message is named by
 * (recorder, message): the message id's timestamp and a SHA-256 of the name fill a valid v7, so
 * however often the message is redelivered or its effect confirmed again it is the same record,
 * which the audit log keeps once (docs/security.md §7,
 * invariant 5). Refusals get a fresh id each: every refused attempt is its own entry.
 */
function recordIdOf(
  recorder: Party,
  messageId: unknown,
  outcome: AuditOutcome,
  verified: boolean,
): string {
  if (
    !verified ||
    outcome.status !== 'accepted' ||
    typeof messageId !== 'string' ||
    !UUID_V7.test(messageId)
  ) {
    return uuidv7();
  }
  const time = parseInt(messageId.replace(/-/g, '').slice(0, 12), 16);
  return namedRecordId(time, `${recorder.member}/${recorder.subsystem}|${messageId}|accepted`);
}

/**
 * A UUIDv7 named by `name`: the time given (milliseconds since the epoch) and a SHA-256 of the
 * name, so that the same name and time always give the same id (a record written again, on a
 * redelivery, is the same record, which the log keeps once).
 */
export function namedRecordId(timeMs: number, name: string): string {
  const hash = createHash('sha256').update(name).digest('hex');
  const time = Math.trunc(timeMs).toString(16).padStart(12, '0').slice(-12);
  const variant = (8 | (parseInt(hash[3], 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TYPE = /^urn:lienthong:[a-z][a-z0-9-]{0,63}:[a-z][a-z0-9-]{0,63}:[1-9][0-9]{0,3}$/;
const UNREADABLE_TYPE = 'urn:lienthong:bus:unreadable:1';

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function isParty(value: unknown): value is Party {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Party).member === 'string' &&
    /^[A-Z][A-Z0-9]{1,15}$/.test((value as Party).member) &&
    typeof (value as Party).subsystem === 'string' &&
    /^[a-z][a-z0-9-]{0,31}$/.test((value as Party).subsystem)
  );
}
