import { CreateBusinessRegistry1795408515703 } from '../migrations/1795408515703-create-business-registry';
import { Enterprise } from './enterprise.entity';
import { LegalRepresentative } from './legal-representative.entity';
import { RegistrationEvent } from './registration-event.entity';

/** Default PostgreSQL schema of the business registry; tests pass a schema of their own. */
export const BUSINESS_REGISTRY_SCHEMA = 'business_registry';

/** Every entity of the business registry, for the app's data source. */
export const BUSINESS_REGISTRY_ENTITIES = [
  Enterprise,
  LegalRepresentative,
  RegistrationEvent,
] as const;

/** The business registry's migrations, oldest first. */
export const BUSINESS_REGISTRY_MIGRATIONS = [CreateBusinessRegistry1795408515703] as const;
