import type { CardStatus, HealthInsuranceCard } from '../registry/health-insurance-card.entity';
import type { InsuranceView } from '../registry/insurance.repository';
import type { InsuranceScheme, ParticipationPeriod } from '../registry/participation-period.entity';

/** One participation period, by month. */
export interface ParticipationRecord {
  readonly scheme: InsuranceScheme;
  readonly employerCode: string | null;
  /** `YYYY-MM`. */
  readonly fromMonth: string;
  /** `YYYY-MM`, or null while the period lasts. */
  readonly toMonth: string | null;
}

/** The health-insurance card answered as the person's current one. */
export interface HealthInsuranceCardRecord {
  readonly cardCode: string;
  readonly beneficiaryGroup: string;
  readonly benefitLevel: number;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly registeredClinic: string;
  readonly status: CardStatus;
}

/** The `record` of `urn:lienthong:insurance:insurance-by-person-response:1`. */
export interface InsuranceRecord {
  readonly personalId: string;
  readonly socialInsuranceNumber: string;
  readonly participating: boolean;
  readonly participation: readonly ParticipationRecord[];
  readonly healthInsuranceCard: HealthInsuranceCardRecord | null;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The calendar date (`YYYY-MM-DD`) in Vietnam at `now`: validity dates are Vietnamese calendar
 * days, and between 17:00 and 24:00 UTC the UTC date is already yesterday there.
 */
export function vietnamToday(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM` of a stored first-of-month date. */
function toMonth(date: string): string {
  return date.slice(0, 7);
}

/** A participation period; the registry stores months as their first day. */
export function toParticipationRecord(period: ParticipationPeriod): ParticipationRecord {
  return {
    scheme: period.scheme,
    employerCode: period.employerCode,
    fromMonth: toMonth(period.fromMonth),
    toMonth: period.toMonth === null ? null : toMonth(period.toMonth),
  };
}

/** Whether a period covers the month of `today` (`toMonth` is the last month covered). */
export function coversMonthOf(period: ParticipationPeriod, today: string): boolean {
  const month = toMonth(today);
  return (
    toMonth(period.fromMonth) <= month &&
    (period.toMonth === null || toMonth(period.toMonth) >= month)
  );
}

function inForce(card: HealthInsuranceCard, today: string): boolean {
  return card.validFrom <= today && (card.validTo === null || card.validTo >= today);
}

/**
 * The card to answer as current, from cards newest first: the one in force today; else the
 * latest that has started (an expired card says more than none); else the next one to start.
 */
export function currentCard(
  cards: readonly HealthInsuranceCard[],
  today: string,
): HealthInsuranceCard | undefined {
  return (
    cards.find((card) => inForce(card, today)) ??
    cards.find((card) => card.validFrom <= today) ??
    cards.at(-1)
  );
}

/**
 * A card as answered. A card past its validity that the registry still marks ACTIVE is answered
 * EXPIRED: a consumer deciding on coverage must not read a lapsed card as usable.
 */
export function toHealthInsuranceCardRecord(
  card: HealthInsuranceCard,
  today: string,
): HealthInsuranceCardRecord {
  const lapsed = card.status === 'ACTIVE' && card.validTo !== null && card.validTo < today;
  return {
    cardCode: card.cardCode,
    beneficiaryGroup: card.beneficiaryGroup,
    benefitLevel: card.benefitLevel,
    validFrom: card.validFrom,
    validTo: card.validTo,
    registeredClinic: card.registeredClinic,
    status: lapsed ? 'EXPIRED' : card.status,
  };
}

/** Maps the registry's view of an insured person to the `insurance-by-person` record. */
export function toInsuranceRecord(view: InsuranceView, today: string): InsuranceRecord {
  const card = currentCard(view.cards, today);
  return {
    personalId: view.person.personalId,
    socialInsuranceNumber: view.person.socialInsuranceNumber,
    participating: view.periods.some((period) => coversMonthOf(period, today)),
    participation: view.periods.map(toParticipationRecord),
    healthInsuranceCard: card ? toHealthInsuranceCardRecord(card, today) : null,
  };
}
