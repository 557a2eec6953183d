export {
  createDataSource,
  dropSchema,
  quoteIdentifier,
  runMigrations,
  type DataSourceConfig,
} from './data-source';
export {
  isConnectionFailure,
  isForeignKeyViolation,
  isUniqueViolation,
  mapPersistenceError,
  violatedConstraint,
} from './pg-errors';
export { DATA_SOURCE, PERSISTENCE_OPTIONS } from './persistence.constants';
export { PersistenceError, PersistenceErrorCode } from './persistence.errors';
export {
  PersistenceModule,
  type PersistenceModuleAsyncOptions,
  type PersistenceModuleOptions,
} from './persistence.module';
export { ReadBatcher } from './read-batcher';
export {
  ContextRepository,
  TransactionRunner,
  inTransaction,
  isInTransaction,
  type PersistenceContext,
  type TransactionIsolation,
  type TransactionalContext,
} from './transaction-runner';
