import {
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
  type FindOptionsWhere,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type Repository,
} from 'typeorm';
import { mapPersistenceError } from './pg-errors';
import { PersistenceError } from './persistence.errors';

/**
 * What a use case passes down to repositories: when `entityManager` is set, every read and write
 * goes through it, so a handler's own writes and its inbox/outbox/audit rows commit together
 * (Vendure's TransactionalConnection). Request or message contexts extend this interface.
 */
export interface PersistenceContext {
  readonly entityManager?: EntityManager;
}

/** A context that is inside a transaction. */
export interface TransactionalContext extends PersistenceContext {
  readonly entityManager: EntityManager;
}

/** Isolation levels a caller may ask for; PostgreSQL's default is READ COMMITTED. */
export type TransactionIsolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Runs `work` in one transaction and commits when it resolves, rolls back when it throws.
 * Connection failures (also at commit) become a retryable PERSISTENCE_UNAVAILABLE error.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolation: TransactionIsolation = 'READ COMMITTED',
): Promise<T> {
  let failedOnLiveConnection = false;
  try {
    const run = async (manager: EntityManager) => {
      try {
        return await work(manager);
      } catch (error) {
        failedOnLiveConnection = manager.queryRunner?.isReleased === false;
        throw error;
      }
    };
    // sessions start at READ COMMITTED (data-source.ts): TypeORM would otherwise send a
    // SET TRANSACTION of its own after BEGIN, one more round trip for every transaction
    return await (isolation === 'READ COMMITTED'
      ? dataSource.transaction(run)
      : dataSource.transaction(isolation, run));
  } catch (error) {
    if (isReleasedRunnerError(error) && !failedOnLiveConnection) {
      throw new PersistenceError('PERSISTENCE_UNAVAILABLE', 'the database connection was lost', {
        cause: error,
      });
    }
    throw mapPersistenceError(error);
  }
}

/**
 * TypeORM gives a transaction's connection up when the driver reports it lost (the server shut
 * down or terminated the session while it sat between two statements), and the next statement, or
 * BEGIN on a pooled connection that died just before, fails with one of these instead of a
 * driver error. Only the transaction's own connection counts: a manager of another, ended
 * transaction used by mistake raises the same error while this one's connection is still live.
 */
function isReleasedRunnerError(error: unknown): boolean {
  return (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  );
}

/** Whether the context carries an open transaction (its reads must go through its connection). */
export function isInTransaction(ctx: PersistenceContext): ctx is TransactionalContext {
  return ctx.entityManager?.queryRunner?.isTransactionActive === true;
}

/**
 * Gives repositories the manager of the caller's transaction, or the pool when there is none.
 * Inject it (PersistenceModule provides it) instead of raw TypeORM repositories.
 */
export class TransactionRunner {
  constructor(readonly dataSource: DataSource) {}

  /**
   * Runs `work` with a context bound to a transaction. When `ctx` is already inside one, `work`
   * joins it, so use cases compose without nested commits.
   */
  async run<C extends PersistenceContext, T>(
    ctx: C,
    work: (txCtx: C & TransactionalContext) => Promise<T>,
    isolation?: TransactionIsolation,
  ): Promise<T> {
    if (isInTransaction(ctx)) {
      return work(ctx);
    }
    return inTransaction(
      this.dataSource,
      (entityManager) => work({ ...ctx, entityManager }),
      isolation,
    );
  }

  /** The repository of `entity` bound to the context's transaction, if any. */
  repository<E extends ObjectLiteral>(
    ctx: PersistenceContext,
    entity: EntityTarget<E>,
  ): Repository<E> {
    return (ctx.entityManager ?? this.dataSource.manager).getRepository(entity);
  }
}

/**
 * Base of domain repositories (style G14): subclasses expose domain methods taking `ctx` first and
 * reach TypeORM only through `repo(ctx)`, which follows the caller's transaction.
 */
export abstract class ContextRepository<E extends ObjectLiteral> {
  protected constructor(
    protected readonly runner: TransactionRunner,
    private readonly entity: EntityTarget<E>,
  ) {}

  /** The TypeORM repository bound to the context's transaction. */
  protected repo(ctx: PersistenceContext): Repository<E> {
    return this.runner.repository(ctx, this.entity);
  }

  /**
   * Inserts a row of an entity with a generated `id` and returns it as stored (defaults and
   * generated columns included). Constraint violations propagate for the caller to map to codes.
   */
  protected async insertAndLoad(ctx: PersistenceContext, values: Partial<E>): Promise<E> {
    const result = await this.repo(ctx).insert(values);
    const id = (result.identifiers[0] as { id: unknown }).id;
    return this.repo(ctx).findOneByOrFail({ id } as unknown as FindOptionsWhere<E>);
  }

  /** Deletes the row with this `id`; false when there was none. */
  protected async deleteById(ctx: PersistenceContext, id: string): Promise<boolean> {
    const result = await this.repo(ctx).delete({ id } as unknown as FindOptionsWhere<E>);
    return result.affected === 1;
  }
}
