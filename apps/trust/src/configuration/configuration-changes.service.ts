import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { ConfigurationPublisher } from './configuration-publisher.service';
import { ConfigurationChangeRecord } from './configuration-change.entity';
import { type ChangeView, type PreviewView } from './configuration-change.schemas';
import {
  REGISTRY_EDITOR,
  REGISTRY_SOURCE,
  type RegistryChange,
  type RegistryEditor,
  type RegistrySnapshot,
  type RegistrySource,
} from './configuration.constants';
import { diffConfigurations, type DiffEntry } from './configuration-diff';
import { ConfigurationError } from './configuration.errors';

/** Thrown inside a preview's transaction to roll it back, carrying what the draft read. */
class DraftRollback extends Error {
  constructor(readonly snapshot: RegistrySnapshot) {
    super('draft rolled back');
  }
}

/** The sections of a configuration document a registry change can alter. */
function registryPart(document: RegistrySnapshot): RegistrySnapshot {
  return {
    members: document.members,
    services: document.services,
    accessRights: document.accessRights,
    eventRights: document.eventRights,
    revocations: document.revocations,
  };
}

function toView(record: ConfigurationChangeRecord): ChangeView {
  return {
    id: record.id,
    publishedBy: record.publishedBy,
    publishedAt: record.publishedAt.toISOString(),
    summary: record.summary,
    changes: record.changes as RegistryChange[],
    diff: record.diff as DiffEntry[],
    version: record.version === null ? null : Number(record.version),
  };
}

/**
 * Rights edited as a change list: previewed as a readable diff of the signed global configuration
 * (the draft is applied in a transaction that is rolled back, and the registry read as the
 * publisher would read it), then published as one transaction with who, when and why kept in the
 * history, and a fresh configuration signed at once.
 */
@Injectable()
export class ConfigurationChanges {
  private readonly logger = new Logger('configuration-changes');

  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(REGISTRY_SOURCE) private readonly registry: RegistrySource,
    @Inject(REGISTRY_EDITOR) private readonly editor: RegistryEditor,
    @Inject(ConfigurationPublisher) private readonly publisher: ConfigurationPublisher,
  ) {}

  /** The diff the change list would make to the current signed configuration; nothing is kept. */
  async preview(changes: readonly RegistryChange[]): Promise<PreviewView> {
    const current = this.signedNow();
    let draft: RegistrySnapshot;
    try {
      await this.runner.run({}, async (tx) => {
        await this.applyAll(tx, changes);
        throw new DraftRollback(await this.registry.snapshot(tx));
      });
      throw new Error('unreachable: a draft transaction always rolls back');
    } catch (error) {
      if (!(error instanceof DraftRollback)) {
        throw error;
      }
      draft = error.snapshot;
    }
    return {
      base: { version: current.version, issuedAt: current.issuedAt },
      diff: diffConfigurations(current.registry, this.asPublished(draft, current.version)),
    };
  }

  /**
   * Applies the change list as one transaction and records it with its diff; then publishes a
   * configuration and notes its version. A change that fails its checks applies nothing.
   */
  async publish(input: {
    changes: readonly RegistryChange[];
    summary: string;
    by: string;
  }): Promise<ChangeView> {
    const current = this.signedNow();
    const record = await this.runner.run({}, async (tx) => {
      await this.applyAll(tx, input.changes);
      const diff = diffConfigurations(
        current.registry,
        this.asPublished(await this.registry.snapshot(tx), current.version),
      );
      const repo = this.repository(tx);
      return repo.save(
        repo.create({
          publishedBy: input.by,
          publishedAt: new Date(),
          summary: input.summary.trim(),
          changes: [...input.changes],
          diff,
          version: null,
        }),
      );
    });
    const published = await this.publisher.publish();
    await this.repository({}).update({ id: record.id }, { version: String(published.version) });
    this.logger.log(
      `${input.changes.length} change(s) published by ${input.by} in configuration ${published.version}`,
    );
    return toView({ ...record, version: String(published.version) });
  }

  /** Published change lists, newest first. */
  async history(limit: number): Promise<ChangeView[]> {
    const rows = await this.repository({}).find({ order: { publishedAt: 'DESC' }, take: limit });
    return rows.map(toView);
  }

  private async applyAll(tx: PersistenceContext, changes: readonly RegistryChange[]) {
    for (const change of changes) {
      await this.editor.apply(tx, change);
    }
  }

  /** The registry part of the document a publish would sign for this snapshot. */
  private asPublished(snapshot: RegistrySnapshot, version: number): RegistrySnapshot {
    return registryPart(this.publisher.draftDocument(snapshot, version));
  }

  private repository(ctx: PersistenceContext) {
    return this.runner.repository(ctx, ConfigurationChangeRecord);
  }

  /** The configuration this instance signed last, read back into its registry part. */
  private signedNow(): { version: number; issuedAt: string; registry: RegistrySnapshot } {
    const current = this.publisher.current();
    if (current === undefined) {
      throw new ConfigurationError(
        'TRUST_CONFIGURATION_NOT_PUBLISHED',
        'no configuration has been published by this instance yet',
      );
    }
    return {
      version: current.version,
      issuedAt: current.issuedAt,
      registry: registryPart(JSON.parse(current.signed.bytes.toString('utf8')) as RegistrySnapshot),
    };
  }
}
