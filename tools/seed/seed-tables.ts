/** PostgreSQL element type of one column, used to cast the `unnest` arrays of a batched insert. */
export type ColumnType = 'text' | 'date' | 'integer' | 'bigint' | 'smallint';

/** One registry table the seed fills: its owner registry and its columns in insert order. */
export interface SeedTable {
  readonly registry: RegistryName;
  readonly table: string;
  readonly columns: readonly (readonly [name: string, type: ColumnType])[];
}

/** The four registries; each has its own PostgreSQL schema. */
export type RegistryName = 'population' | 'businessRegistry' | 'civilStatus' | 'insurance';

/** One row: column name → value, in the columns of its {@link SeedTable}. */
export type SeedRow = Readonly<Record<string, string | number | null>>;

const REGISTER_ENTRY = [
  ['registering_commune', 'text'],
  ['book_no', 'text'],
  ['entry_no', 'integer'],
  ['registered_on', 'date'],
] as const;

/**
 * Every table the seed writes, in dependency-free order. Generated columns (bigserial ids) are
 * left out so the database numbers them.
 */
// prettier-ignore
export const SEED_TABLES = {
  administrativeUnits: {
    registry: 'population',
    table: 'administrative_units',
    columns: [['code', 'text'], ['level', 'text'], ['valid_from', 'date'], ['name', 'text'], ['parent_code', 'text']],
  },
  citizens: {
    registry: 'population',
    table: 'citizens',
    columns: [
      ['personal_id', 'text'], ['full_name', 'text'], ['family_name', 'text'], ['middle_name', 'text'],
      ['given_name', 'text'], ['birth_date', 'date'], ['birth_date_precision', 'text'], ['sex', 'text'],
      ['ethnicity', 'text'], ['religion', 'text'], ['nationality', 'text'],
      ['birth_registration_commune', 'text'], ['household_no', 'text'], ['relationship_to_head', 'text'],
      ['father_id', 'text'], ['mother_id', 'text'], ['spouse_id', 'text'], ['status', 'text'],
      ['date_of_death', 'date'],
    ],
  },
  households: {
    registry: 'population',
    table: 'households',
    columns: [['household_no', 'text'], ['head_personal_id', 'text'], ['commune_code', 'text'], ['address', 'text'], ['registered_on', 'date']],
  },
  residences: {
    registry: 'population',
    table: 'residences',
    columns: [
      ['personal_id', 'text'], ['kind', 'text'], ['household_no', 'text'], ['commune_code', 'text'],
      ['address', 'text'], ['registered_on', 'date'], ['removed_on', 'date'], ['removal_reason', 'text'],
    ],
  },
  births: {
    registry: 'civilStatus',
    table: 'birth_registrations',
    columns: [
      ...REGISTER_ENTRY, ['child_personal_id', 'text'], ['child_full_name', 'text'], ['sex', 'text'],
      ['birth_date', 'date'], ['birth_date_precision', 'text'], ['place_of_birth', 'text'],
      ['father_personal_id', 'text'], ['mother_personal_id', 'text'], ['registration_type', 'text'],
    ],
  },
  deaths: {
    registry: 'civilStatus',
    table: 'death_registrations',
    columns: [
      ...REGISTER_ENTRY, ['deceased_personal_id', 'text'], ['deceased_full_name', 'text'],
      ['date_of_death', 'date'], ['place_of_death', 'text'], ['declarant_personal_id', 'text'],
    ],
  },
  marriages: {
    registry: 'civilStatus',
    table: 'marriage_registrations',
    columns: [...REGISTER_ENTRY, ['husband_personal_id', 'text'], ['wife_personal_id', 'text'], ['status', 'text']],
  },
  enterprises: {
    registry: 'businessRegistry',
    table: 'enterprises',
    columns: [
      ['enterprise_code', 'text'], ['parent_code', 'text'], ['name', 'text'], ['short_name', 'text'],
      ['legal_form', 'text'], ['status', 'text'], ['founding_date', 'date'], ['commune_code', 'text'],
      ['address', 'text'], ['charter_capital', 'bigint'],
    ],
  },
  representatives: {
    registry: 'businessRegistry',
    table: 'legal_representatives',
    columns: [['enterprise_code', 'text'], ['personal_id', 'text'], ['full_name', 'text'], ['position', 'text'], ['since', 'date']],
  },
  registrationEvents: {
    registry: 'businessRegistry',
    table: 'registration_events',
    columns: [['enterprise_code', 'text'], ['seq', 'integer'], ['kind', 'text'], ['registered_on', 'date'], ['description', 'text']],
  },
  insuredPersons: {
    registry: 'insurance',
    table: 'insured_persons',
    columns: [['social_insurance_number', 'text'], ['personal_id', 'text'], ['full_name', 'text'], ['province_code', 'text'], ['issued_on', 'date']],
  },
  periods: {
    registry: 'insurance',
    table: 'participation_periods',
    columns: [['social_insurance_number', 'text'], ['scheme', 'text'], ['employer_code', 'text'], ['from_month', 'date'], ['to_month', 'date']],
  },
  cards: {
    registry: 'insurance',
    table: 'health_insurance_cards',
    columns: [
      ['card_code', 'text'], ['social_insurance_number', 'text'], ['personal_id', 'text'],
      ['beneficiary_group', 'text'], ['benefit_level', 'smallint'], ['valid_from', 'date'],
      ['valid_to', 'date'], ['registered_clinic', 'text'], ['status', 'text'],
    ],
  },
} as const satisfies Record<string, SeedTable>;

/** Name of one seeded table. */
export type SeedTableName = keyof typeof SEED_TABLES;

/** Rows of a generated batch, grouped by table. */
export type SeedBatch = Record<SeedTableName, SeedRow[]>;

/** An empty batch with every table present. */
export function emptyBatch(): SeedBatch {
  const entries = Object.keys(SEED_TABLES).map((name) => [name, [] as SeedRow[]]);
  return Object.fromEntries(entries) as SeedBatch;
}
