import { Inject, Injectable } from '@nestjs/common';
import {
  ContextRepository,
  TransactionRunner,
  type PersistenceContext,
} from '@lienthong/persistence';
import { ConfigurationVersion } from './configuration-version.entity';

/** Serials and digests of published configurations. */
@Injectable()
export class ConfigurationVersionRepository extends ContextRepository<ConfigurationVersion> {
  constructor(@Inject(TransactionRunner) runner: TransactionRunner) {
    super(runner, ConfigurationVersion);
  }

  /** Allocates the next serial; monotonic across replicas (a sequence), gaps are harmless. */
  async nextVersion(ctx: PersistenceContext): Promise<number> {
    const rows: { version: string }[] = await this.repo(ctx).query(
      `SELECT nextval('configuration_version_seq')::text AS version`,
    );
    return Number(rows[0].version);
  }

  /** Records a published configuration. */
  async add(
    ctx: PersistenceContext,
    input: { version: number; issuedAt: Date; expiresAt: Date; sha256: string },
  ): Promise<void> {
    await this.repo(ctx).insert({ ...input, version: String(input.version) });
  }

  /** The newest recorded configuration, if any. */
  async latest(ctx: PersistenceContext): Promise<ConfigurationVersion | null> {
    return this.repo(ctx).findOne({ where: {}, order: { version: 'DESC' } });
  }
}
