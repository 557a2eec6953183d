import type { EnterpriseView } from '../registry/business-registry.repository';
import type { EnterpriseStatus, LegalForm } from '../registry/enterprise.entity';
import type { LegalRepresentative } from '../registry/legal-representative.entity';
import type {
  RegistrationEvent,
  RegistrationEventKind,
} from '../registry/registration-event.entity';

/** A legal representative as the `enterprise-by-code` response schema describes it. */
export interface LegalRepresentativeRecord {
  readonly personalId: string;
  readonly fullName: string;
  readonly position: string;
  readonly since: string;
}

/** One entry of the registration history. */
export interface RegistrationHistoryRecord {
  readonly seq: number;
  readonly kind: RegistrationEventKind;
  readonly registeredOn: string;
  readonly description: string | null;
}

/** The `record` of `urn:lienthong:business-registry:enterprise-by-code-response:1`. */
export interface EnterpriseRecord {
  readonly enterpriseCode: string;
  readonly parentCode: string | null;
  readonly name: string;
  readonly shortName: string | null;
  readonly legalForm: LegalForm;
  readonly status: EnterpriseStatus;
  readonly foundingDate: string;
  readonly registeredAddress: { readonly communeCode: string; readonly address: string };
  readonly charterCapital: number | null;
  readonly legalRepresentatives: readonly LegalRepresentativeRecord[];
  readonly registrationHistory: readonly RegistrationHistoryRecord[];
}

/** A legal representative, named by personal id. */
export function toLegalRepresentativeRecord(
  representative: LegalRepresentative,
): LegalRepresentativeRecord {
  return {
    personalId: representative.personalId,
    fullName: representative.fullName,
    position: representative.position,
    since: representative.since,
  };
}

/** A registration-history entry. */
export function toRegistrationHistoryRecord(event: RegistrationEvent): RegistrationHistoryRecord {
  return {
    seq: event.seq,
    kind: event.kind,
    registeredOn: event.registeredOn,
    description: event.description,
  };
}

/** Maps the registry's view of an enterprise or branch to the `enterprise-by-code` record. */
export function toEnterpriseRecord(view: EnterpriseView): EnterpriseRecord {
  const { enterprise } = view;
  return {
    enterpriseCode: enterprise.enterpriseCode,
    parentCode: enterprise.parentCode,
    name: enterprise.name,
    shortName: enterprise.shortName,
    legalForm: enterprise.legalForm,
    status: enterprise.status,
    foundingDate: enterprise.foundingDate,
    registeredAddress: { communeCode: enterprise.communeCode, address: enterprise.address },
    charterCapital: enterprise.charterCapital,
    legalRepresentatives: view.representatives.map(toLegalRepresentativeRecord),
    registrationHistory: view.history.map(toRegistrationHistoryRecord),
  };
}
