import { CreateCivilStatusRegistry1795408515704 } from '../migrations/1795408515704-create-civil-status-registry';
import { BirthRegistration } from './birth-registration.entity';
import { DeathRegistration } from './death-registration.entity';
import { MarriageRegistration } from './marriage-registration.entity';

/** Default PostgreSQL schema of the civil-status registry; tests pass a schema of their own. */
export const CIVIL_STATUS_SCHEMA = 'civil_status';

/** Every entity of the civil-status registry, for the app's data source. */
export const CIVIL_STATUS_ENTITIES = [
  BirthRegistration,
  DeathRegistration,
  MarriageRegistration,
] as const;

/** The civil-status registry's migrations, oldest first. */
export const CIVIL_STATUS_MIGRATIONS = [CreateCivilStatusRegistry1795408515704] as const;
