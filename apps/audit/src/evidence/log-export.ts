import { type Cosignature, type SignedCheckpoint } from '@lienthong/audit-log';
import { AuditError } from '../audit.errors';
import type { AuditLogStore } from '../log/audit-log.store';
import { indexParam } from '../queries/query-params';
import type { CosignatureStore } from '../witness/cosignature.store';

/** Format marker of a log export (documented in apps/audit/README.md). */
export const LOG_EXPORT_FORMAT = 'urn:lienthong:audit:log-export';

/**
 * Leaves `[from, to)` with every checkpoint of size ≤ `to` and the AUDIT/log certificates: with
 * `from = 0`, `verifyLog(entries, checkpoints, { caPem, certificates })` verifies it offline.
 */
export interface LogExport {
  readonly format: typeof LOG_EXPORT_FORMAT;
  readonly version: 1;
  readonly from: number;
  readonly to: number;
  readonly entries: string[];
  readonly checkpoints: SignedCheckpoint[];
  /** AUDIT/log certificates first, then those of the witnesses of `cosignatures`. */
  readonly certificates: string[];
  /** Witness cosignatures of the exported checkpoints (verifyLog's `cosignatures`). */
  readonly cosignatures: Cosignature[];
}

/** The leaves an export covers: `[from, to)`, `to` at most the log's size when it was asked. */
export interface ExportRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Exports the log as the JSON document of {@link LogExport}, produced piece by piece: entries,
 * checkpoints and cosignatures are read in pages of `pageSize` rows with a cursor (the last `seq`
 * or row id), so an export of any size holds one page in memory and carries no size cap. The
 * document is the same as a one-shot export's; only the order of its members differs (`to` and
 * the checkpoints, which depend on how many entries were read, come after `entries`).
 */
export class LogExporter {
  constructor(
    private readonly store: AuditLogStore,
    private readonly cosignatures: CosignatureStore,
    private readonly auditCertificates: () => string[],
    private readonly pageSize: number,
  ) {}

  /**
   * The range `?from=&to=` asks for: `from` defaults to 0, `to` to the size of the latest
   * checkpoint (so the default export ends on a signed root), and `to` never goes beyond the log
   * as it is now. Throws AUDIT_QUERY_INVALID for a malformed bound or `from > to`.
   */
  async range(fromText?: string, toText?: string): Promise<ExportRange> {
    const from = indexParam('from', fromText) ?? 0;
    const to = indexParam('to', toText) ?? (await this.store.checkpointedSize());
    if (from > to) {
      throw new AuditError('AUDIT_QUERY_INVALID', `from (${from}) must not exceed to (${to})`, {
        details: { parameter: 'from' },
      });
    }
    const size = await this.store.size();
    return { from, to: Math.max(from, Math.min(to, size)) };
  }

  /** The export document as text pieces, each at most about one page of rows. */
  async *document(range: ExportRange): AsyncGenerator<string> {
    yield `{"format":${JSON.stringify(LOG_EXPORT_FORMAT)},"version":1,"from":${range.from},"entries":[`;
    let exported = 0;
    for await (const page of this.entryPages(range)) {
      yield (exported > 0 ? ',' : '') + page.map((entry) => JSON.stringify(entry)).join(',');
      exported += page.length;
    }
    // A checkpoint larger than the export would read as a truncation, so only those it covers.
    const covered = range.from + exported;
    yield `],"to":${covered},"checkpoints":[`;
    let first = true;
    for await (const page of this.checkpointPages(covered)) {
      yield (first ? '' : ',') + page.map((checkpoint) => JSON.stringify(checkpoint)).join(',');
      first = false;
    }
    const witnesses = await this.cosignatures.certificatesUpTo(covered);
    yield `],"certificates":${JSON.stringify([...this.auditCertificates(), ...witnesses])},"cosignatures":[`;
    first = true;
    for await (const page of this.cosignaturePages(covered)) {
      yield (first ? '' : ',') + page.map((cosignature) => JSON.stringify(cosignature)).join(',');
      first = false;
    }
    yield ']}';
  }

  /** The whole export in memory, for in-process callers (tests, tools); HTTP streams it. */
  async collect(range: ExportRange): Promise<LogExport> {
    let text = '';
    for await (const piece of this.document(range)) {
      text += piece;
    }
    return JSON.parse(text) as LogExport;
  }

  private async *entryPages(range: ExportRange): AsyncGenerator<string[]> {
    let next = range.from;
    while (next < range.to) {
      const page = await this.store.exportRange(next, range.to, this.pageSize);
      if (page.length === 0) {
        return;
      }
      yield page.map((entry) => entry.canonical);
      if (page.length < this.pageSize) {
        return;
      }
      next = page[page.length - 1].seq + 1;
    }
  }

  private async *checkpointPages(maxSize: number): AsyncGenerator<SignedCheckpoint[]> {
    let after = '0';
    for (;;) {
      const { checkpoints, nextId } = await this.store.checkpointPage(
        maxSize,
        after,
        this.pageSize,
      );
      if (nextId === undefined) {
        return;
      }
      yield checkpoints;
      if (checkpoints.length < this.pageSize) {
        return;
      }
      after = nextId;
    }
  }

  private async *cosignaturePages(maxSize: number): AsyncGenerator<Cosignature[]> {
    let after = '0';
    for (;;) {
      const { cosignatures, nextId } = await this.cosignatures.pageUpTo(
        maxSize,
        after,
        this.pageSize,
      );
      if (nextId === undefined) {
        return;
      }
      yield cosignatures;
      if (cosignatures.length < this.pageSize) {
        return;
      }
      after = nextId;
    }
  }
}
