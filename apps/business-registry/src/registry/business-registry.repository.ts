import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { Enterprise } from './enterprise.entity';
import { LegalRepresentative } from './legal-representative.entity';
import { RegistrationEvent } from './registration-event.entity';

/** An enterprise with its legal representatives and registration history (oldest first). */
export interface EnterpriseView {
  readonly enterprise: Enterprise;
  readonly representatives: readonly LegalRepresentative[];
  readonly history: readonly RegistrationEvent[];
}

/** Reads of the national business registration database; `ctx` first (style G14). */
export class BusinessRegistryRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /** The enterprise or branch with this code, or undefined when the registry has none. */
  async findEnterprise(
    ctx: PersistenceContext,
    enterpriseCode: string,
  ): Promise<EnterpriseView | undefined> {
    const enterprise = await this.runner.repository(ctx, Enterprise).findOneBy({ enterpriseCode });
    if (!enterprise) {
      return undefined;
    }
    const [representatives, history] = await Promise.all([
      this.runner
        .repository(ctx, LegalRepresentative)
        .find({ where: { enterpriseCode }, order: { since: 'ASC', personalId: 'ASC' } }),
      this.runner
        .repository(ctx, RegistrationEvent)
        .find({ where: { enterpriseCode }, order: { seq: 'ASC' } }),
    ]);
    return { enterprise, representatives, history };
  }

  /** Codes of the enterprises a citizen legally represents. */
  async findRepresentedEnterprises(ctx: PersistenceContext, personalId: string): Promise<string[]> {
    const rows = await this.runner
      .repository(ctx, LegalRepresentative)
      .find({ where: { personalId }, order: { enterpriseCode: 'ASC' } });
    return rows.map((row) => row.enterpriseCode);
  }
}
