import { CreateInsuranceRegistry1795408515705 } from '../migrations/1795408515705-create-insurance-registry';
import { HealthInsuranceCard } from './health-insurance-card.entity';
import { InsuredPerson } from './insured-person.entity';
import { ParticipationPeriod } from './participation-period.entity';

/** Default PostgreSQL schema of the insurance registry; tests pass a schema of their own. */
export const INSURANCE_SCHEMA = 'insurance';

/** Every entity of the insurance registry, for the app's data source. */
export const INSURANCE_ENTITIES = [
  InsuredPerson,
  ParticipationPeriod,
  HealthInsuranceCard,
] as const;

/** The insurance registry's migrations, oldest first. */
export const INSURANCE_MIGRATIONS = [CreateInsuranceRegistry1795408515705] as const;
