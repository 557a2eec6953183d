// nats-core types are imported from its root: transport-node re-exports them via a subpath tsc cannot resolve
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';

/** Detached JWS over the envelope bytes. */
export const LT_SIGNATURE = 'Lt-Signature';
/** Message type: the `$id` of the payload schema. */
export const LT_TYPE = 'Lt-Type';
/** Stable error code on an error reply or a dead letter. */
export const LT_ERROR_CODE = 'Lt-Error-Code';
/** Opaque id of an internal error, to find the log line. */
export const LT_ERROR_ID = 'Lt-Error-Id';
/** JetStream deduplication id (= envelope id). */
export const NATS_MSG_ID = 'Nats-Msg-Id';
/** Why a message was dead-lettered (human readable, one line). */
export const LT_DLQ_REASON = 'Lt-Dlq-Reason';
/** Subject the dead-lettered message was originally published on. */
export const LT_DLQ_SUBJECT = 'Lt-Dlq-Subject';
/** Stream the dead-lettered message came from. */
export const LT_DLQ_STREAM = 'Lt-Dlq-Stream';
/** Stream sequence of the dead-lettered message. */
export const LT_DLQ_SEQ = 'Lt-Dlq-Seq';
/** Durable consumer that gave up on the message. */
export const LT_DLQ_CONSUMER = 'Lt-Dlq-Consumer';
/** How many deliveries were attempted before giving up. */
export const LT_DLQ_DELIVERIES = 'Lt-Dlq-Deliveries';
/** Position of the one record refused in a batch (the audit service refuses records one by one). */
export const LT_DLQ_RECORD = 'Lt-Dlq-Record';

/** Headers as our code sees them: one value per name. */
export type HeaderRecord = Readonly<Record<string, string>>;

/** Builds NATS headers from a record; undefined when there is nothing to send. */
export function toNatsHeaders(record: HeaderRecord | undefined): MsgHdrs | undefined {
  const entries = Object.entries(record ?? {});
  if (entries.length === 0) {
    return undefined;
  }
  const result = natsHeaders();
  for (const [name, value] of entries) {
    result.set(name, value);
  }
  return result;
}

/** Reads NATS headers into a record, keeping the last value of a repeated name. */
export function fromNatsHeaders(headers: MsgHdrs | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) {
    return result;
  }
  for (const name of headers.keys()) {
    result[name] = headers.last(name);
  }
  return result;
}
