import { AUDIT_BATCH_TYPE } from '@lienthong/adapter-kit';
import {
  auditSubject,
  jetstream,
  streamName,
  type BusNamespace,
  type NatsConnection,
} from '@lienthong/messaging';
import type { AuditRecord } from '@lienthong/audit-log';

/**
 * Every audit record `member` has published on LT_AUDIT so far, in stream order, read from its
 * signed envelopes (a batch carries several; envelopes of one record are read as well). For
 * assertions only: nothing is verified here, the audit service's own tests cover that.
 */
export async function publishedAuditRecords(
  nc: NatsConnection,
  namespace: BusNamespace,
  member: string,
): Promise<AuditRecord[]> {
  const consumer = await jetstream(nc).consumers.get(streamName(namespace, 'AUDIT'), {
    filter_subjects: auditSubject(namespace, member),
  });
  const records: AuditRecord[] = [];
  const messages = await consumer.fetch({ max_messages: 100_000, expires: 2_000 });
  for await (const message of messages) {
    const body = JSON.parse(Buffer.from(message.data).toString('utf8')) as {
      type: string;
      payload: unknown;
    };
    records.push(
      ...(body.type === AUDIT_BATCH_TYPE
        ? (body.payload as { records: AuditRecord[] }).records
        : [body.payload as AuditRecord]),
    );
    if (message.info.pending === 0) {
      break;
    }
  }
  return records;
}
