/** Injection token of the app's initialized TypeORM DataSource. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

/** Injection token of the resolved PersistenceModuleOptions. */
export const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');
