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

/** Vietnam is UTC+7 all year; deadlines fall at the end of a Vietnamese working day. */
const VN_OFFSET_MS = 7 * 3600_000;

/**
 * The end (23:59:59.999 Vietnam time) of the working day `days` working days after `from`;
 * Saturdays and Sundays are skipped. Public holidays are not modelled yet.
 */
export function workingDayDeadline(from: Date, days: number): Date {
  const local = new Date(from.getTime() + VN_OFFSET_MS);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  while (isWeekend(day)) {
    day.setUTCDate(day.getUTCDate() + 1);
  }
  for (let left = days; left > 0;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (!isWeekend(day)) {
      left--;
    }
  }
  return new Date(day.getTime() + 86_400_000 - 1 - VN_OFFSET_MS);
}

function isWeekend(day: Date): boolean {
  const weekday = day.getUTCDay();
  return weekday === 0 || weekday === 6;
}
