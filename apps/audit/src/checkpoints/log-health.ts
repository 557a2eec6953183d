import type { DataSource } from 'typeorm';
import { WitnessErrorCode } from '@lienthong/adapter-kit';
import { checkpointDigest, type SignedCheckpoint } from '@lienthong/audit-log';
import {
  fromNatsHeaders,
  jetstreamManager,
  LT_DLQ_REASON,
  streamName,
  streamSubjects,
  type BusNamespace,
  type NatsConnection,
} from '@lienthong/messaging';

/** A witness's refusal of a checkpoint that points at the log: rollback, fork, no proof, forgery. */
export const WITNESS_ALARM_CODES = (
  Object.keys(WitnessErrorCode) as (keyof typeof WitnessErrorCode)[]
).filter((code) => !WitnessErrorCode[code].retryable);

/** A system that cosigns (or should cosign) the log's checkpoints. */
export interface WitnessView {
  readonly member: string;
  readonly subsystem: string;
  /** The last checkpoint it cosigned, or null when it never did. */
  readonly lastCosigned: { readonly size: number; readonly at: string } | null;
  /** Whether it has not cosigned the latest checkpoint although that is no longer new. */
  readonly behind: boolean;
}

/** A refusal a witness dead-lettered: the latest one of its kind, and how many there are. */
export interface WitnessAlarm {
  readonly member: string;
  readonly code: string;
  readonly at: string;
  readonly reason: string;
  readonly count: number;
}

/** The log as an auditor watches it. */
export interface LogHealth {
  readonly size: number;
  readonly latestCheckpoint: {
    readonly size: number;
    readonly rootHash: string;
    readonly signedAt: string;
    readonly ageSeconds: number;
    /** Entries logged since it was signed. */
    readonly pending: number;
  } | null;
  /** Who cosigned the latest checkpoint, in the order their cosignatures arrived. */
  readonly cosigners: {
    readonly member: string;
    readonly subsystem: string;
    readonly at: string;
  }[];
  readonly witnesses: WitnessView[];
  readonly alarms: WitnessAlarm[];
  /** Whether the witnesses' refusals could be read (the dead-letter stream is reachable). */
  readonly alarmsKnown: boolean;
}

/** Where the health view reads from and what it expects. */
export interface LogHealthSources {
  readonly dataSource: DataSource;
  readonly nats: () => NatsConnection;
  readonly namespace: BusNamespace;
  /** The systems expected to witness: every agency system of the configuration. */
  readonly witnesses: () => { member: string; subsystem: string }[];
  readonly latest: () => Promise<SignedCheckpoint | null>;
  /** After how long a checkpoint not cosigned by a witness makes it `behind`. */
  readonly graceMs: number;
}

/**
 * The log's health: its size, the latest signed checkpoint and its age, who cosigned it, where
 * each witness stands, and the refusals witnesses dead-lettered (a rollback, a fork, a checkpoint
 * without proof or with a bad signature), each with the time of the latest one. The refusals are
 * read from LT_DLQ, where each witness put them: the audit service cannot hide them by itself.
 */
export class LogHealthReader {
  constructor(private readonly sources: LogHealthSources) {}

  async read(now = new Date()): Promise<LogHealth> {
    const { dataSource } = this.sources;
    const [sizeRow] = await dataSource.query<{ size: string | null }[]>(
      `SELECT max(seq) + 1 AS size FROM audit_record`,
    );
    const size = Number(sizeRow?.size ?? 0);
    const [head] = await dataSource.query<
      { tree_size: string; root_hash: Buffer; signed_at: Date }[]
    >(`SELECT tree_size, root_hash, signed_at FROM audit_checkpoint ORDER BY id DESC LIMIT 1`);
    const signed = await this.sources.latest();
    const cosigners =
      signed === null
        ? []
        : await dataSource.query<{ member: string; subsystem: string; at: Date }[]>(
            `SELECT witness_member AS member, witness_subsystem AS subsystem, received_at AS at
               FROM audit_cosignature WHERE checkpoint_digest = $1 ORDER BY id`,
            [checkpointDigest(signed)],
          );
    const latestSize = head === undefined ? 0 : Number(head.tree_size);
    const stale =
      head !== undefined && now.getTime() - head.signed_at.getTime() > this.sources.graceMs;
    const witnesses = await Promise.all(
      this.sources.witnesses().map(async (w): Promise<WitnessView> => {
        const [last] = await dataSource.query<{ tree_size: string; received_at: Date }[]>(
          `SELECT tree_size, received_at FROM audit_cosignature
            WHERE witness_member = $1 AND witness_subsystem = $2 ORDER BY id DESC LIMIT 1`,
          [w.member, w.subsystem],
        );
        const lastSize = last === undefined ? -1 : Number(last.tree_size);
        return {
          ...w,
          lastCosigned:
            last === undefined ? null : { size: lastSize, at: last.received_at.toISOString() },
          behind: stale && lastSize < latestSize,
        };
      }),
    );
    const alarms = await this.alarms().catch(() => undefined);
    return {
      size,
      latestCheckpoint:
        head === undefined
          ? null
          : {
              size: latestSize,
              rootHash: head.root_hash.toString('base64'),
              signedAt: head.signed_at.toISOString(),
              ageSeconds: Math.max(
                0,
                Math.round((now.getTime() - head.signed_at.getTime()) / 1000),
              ),
              pending: Math.max(0, size - latestSize),
            },
      cosigners: cosigners.map((c) => ({ ...c, at: c.at.toISOString() })),
      witnesses,
      alarms: alarms ?? [],
      alarmsKnown: alarms !== undefined,
    };
  }

  /** The witnesses' dead-lettered refusals: per member and code, the latest and the count. */
  private async alarms(): Promise<WitnessAlarm[]> {
    const { namespace } = this.sources;
    const jsm = await jetstreamManager(this.sources.nats());
    const stream = streamName(namespace, 'DLQ');
    // `<root>.dlq.>`: the subjects are `<root>.dlq.<member>.<reason>`
    const [wildcard = ''] = streamSubjects(namespace, 'DLQ');
    const info = await jsm.streams.info(stream, { subjects_filter: wildcard });
    const found: WitnessAlarm[] = [];
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      const [member = '', code = ''] = subject.split('.').slice(-2);
      if (!(WITNESS_ALARM_CODES as string[]).includes(code)) {
        continue;
      }
      const last = await jsm.streams.getMessage(stream, { last_by_subj: subject });
      if (last === null) {
        continue;
      }
      found.push({
        member,
        code,
        at: last.time.toISOString(),
        reason: fromNatsHeaders(last.header)[LT_DLQ_REASON] ?? '',
        count,
      });
    }
    return found.sort((a, b) => b.at.localeCompare(a.at));
  }
}
