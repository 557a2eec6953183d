import { type PersistenceContext } from '@lienthong/persistence';

/** Port: what this area needs to know about the service catalog. */
export interface ServiceCatalog {
  /** Fields a consumer may be granted on a service code, or null if no enabled version exists. */
  grantableFields(ctx: PersistenceContext, code: string): Promise<string[] | null>;
}

/** Injection token of the ServiceCatalog port, bound by the app module. */
export const SERVICE_CATALOG = Symbol('SERVICE_CATALOG');
