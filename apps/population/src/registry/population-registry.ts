import { CreatePopulationRegistry1795408515702 } from '../migrations/1795408515702-create-population-registry';
import { AdministrativeUnit } from './administrative-unit.entity';
import { Citizen } from './citizen.entity';
import { Household } from './household.entity';
import { Residence } from './residence.entity';

/** Default PostgreSQL schema of the population registry; tests pass a schema of their own. */
export const POPULATION_SCHEMA = 'population';

/** Every entity of the population registry, for the app's data source. */
export const POPULATION_ENTITIES = [Citizen, Household, Residence, AdministrativeUnit] as const;

/** The population registry's migrations, oldest first. */
export const POPULATION_MIGRATIONS = [CreatePopulationRegistry1795408515702] as const;
