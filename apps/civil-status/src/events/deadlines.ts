/** A step of an interconnected procedure: who does it and how many working days it may take. */
export interface StepPlan {
  readonly step: string;
  readonly agency: string;
  /** Working days from reception; 0 = the same working day. */
  readonly workingDays: number;
}

/**
 * Group 1 (NĐ 63/2024, QĐ 296/QĐ-VPCP): the birth is registered the same working day, the whole
 * dossier is done within 3 working days (docs/domain.md §3.2).
 */
export const BIRTH_STEPS: readonly StepPlan[] = [
  { step: 'BIRTH_REGISTRATION', agency: 'CIV', workingDays: 0 },
  { step: 'PERSONAL_ID', agency: 'POP', workingDays: 3 },
  { step: 'PERMANENT_RESIDENCE', agency: 'POP', workingDays: 3 },
  { step: 'HEALTH_INSURANCE_CARD', agency: 'INS', workingDays: 3 },
];

/**
 * Group 2: the group's deadlines are not verified (docs/domain.md §3.3, [U]); the paper-era rule
 * (death the same day, residence removal within 2 working days) and 5 working days for benefits
 * are used until the official table is read.
 */
export const DEATH_STEPS: Readonly<Record<string, StepPlan>> = {
  DEATH_REGISTRATION: { step: 'DEATH_REGISTRATION', agency: 'CIV', workingDays: 0 },
  RESIDENCE_REMOVAL: { step: 'RESIDENCE_REMOVAL', agency: 'POP', workingDays: 2 },
  FUNERAL_ALLOWANCE: { step: 'FUNERAL_ALLOWANCE', agency: 'INS', workingDays: 5 },
  SURVIVOR_BENEFIT: { step: 'SURVIVOR_BENEFIT', agency: 'INS', workingDays: 5 },
};

/** The plan of a step of a procedure, or undefined for a step neither group has. */
export function stepPlanOf(procedure: string, step: string): StepPlan | undefined {
  return procedure === 'BIRTH' ? BIRTH_STEPS.find((p) => p.step === step) : DEATH_STEPS[step];
}
