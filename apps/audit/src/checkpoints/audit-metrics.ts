import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BusRuntime } from '@lienthong/adapter-kit';
import { jetstreamManager, streamName, streamSubjects } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { metrics } from '@lienthong/telemetry';
import { WITNESS_ALARM_CODES } from './log-health';

const appended = metrics.counter<'result'>({
  name: 'lienthong_audit_records_total',
  help: 'Audit records the log took in, by result (appended to the Merkle log; duplicate: already in it)',
  labelNames: ['result'],
});
const logSize = metrics.gauge({
  name: 'lienthong_audit_log_records',
  help: 'Entries in the audit log (its Merkle tree size)',
});
/** Registered with the first checkpoint: absent before, rather than a 0 that reads as fresh. */
const checkpointAge = () =>
  metrics.gauge({
    name: 'lienthong_audit_checkpoint_age_seconds',
    help: 'Seconds since the latest signed checkpoint of the audit log (absent before the first)',
  });
const checkpointPending = metrics.gauge({
  name: 'lienthong_audit_checkpoint_pending_records',
  help: 'Log entries appended since the latest signed checkpoint (not yet covered by one)',
});
const dlqMessages = metrics.gauge<'member' | 'reason'>({
  name: 'lienthong_dlq_messages',
  help: 'Messages in the dead-letter stream, by the member that dead-lettered them and the reason code',
  labelNames: ['member', 'reason'],
});
const witnessAlarms = metrics.gauge<'member' | 'code'>({
  name: 'lienthong_witness_alarms',
  help: 'Checkpoints a witness refused as a rollback, a fork, unproven or forged (dead-lettered by the witness), by witness member and code',
  labelNames: ['member', 'code'],
});

/** Counts what one append did. */
export function countAppended(appendedCount: number, duplicateCount: number): void {
  if (appendedCount > 0) {
    appended.labels('appended').inc(appendedCount);
  }
  if (duplicateCount > 0) {
    appended.labels('duplicate').inc(duplicateCount);
  }
}

/**
 * The audit service's gauges, read before each scrape: the log's size, the latest checkpoint's
 * age and what it does not cover yet, and the dead-letter stream by member and reason (the
 * audit service is the one app allowed to read LT_DLQ; docs/operations.md §6), of which the
 * witnesses' alarms.
 */
@Injectable()
export class AuditMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly runtime: BusRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.stops.push(
      metrics.onScrape('audit-log', () => this.readLog()),
      metrics.onScrape('dead-letters', () => this.readDeadLetters()),
    );
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) {
      stop();
    }
  }

  private async readLog(): Promise<void> {
    const [[size], [head]] = await Promise.all([
      this.dataSource.query<{ size: string | null }[]>(
        `SELECT max(seq) + 1 AS size FROM audit_record`,
      ),
      this.dataSource.query<{ tree_size: string; age: string }[]>(
        `SELECT tree_size, extract(epoch FROM now() - signed_at) AS age
           FROM audit_checkpoint ORDER BY id DESC LIMIT 1`,
      ),
    ]);
    const records = Number(size?.size ?? 0);
    logSize.set(records);
    if (head === undefined) {
      checkpointPending.set(records);
    } else {
      checkpointAge().set(Number(head.age));
      checkpointPending.set(Math.max(0, records - Number(head.tree_size)));
    }
  }

  private async readDeadLetters(): Promise<void> {
    const { namespace } = this.runtime;
    const jsm = await jetstreamManager(this.runtime.nats);
    const [wildcard = ''] = streamSubjects(namespace, 'DLQ');
    const info = await jsm.streams.info(streamName(namespace, 'DLQ'), {
      subjects_filter: wildcard,
    });
    dlqMessages.reset();
    witnessAlarms.reset();
    // `<root>.dlq.<member>.<reason>`: member and reason are tokens of the bus (codes only)
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      const [member = '', reason = ''] = subject.split('.').slice(-2);
      dlqMessages.labels(member, reason).set(count);
      if ((WITNESS_ALARM_CODES as string[]).includes(reason)) {
        witnessAlarms.labels(member, reason).set(count);
      }
    }
  }
}
