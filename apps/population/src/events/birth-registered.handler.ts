import { Injectable } from '@nestjs/common';
import type { BusEvent, EventContext, EventHandler } from '@lienthong/adapter-kit';
import type { BirthRegisteredV1 } from '@lienthong/schema';
import type { Citizen, HouseholdRelationship } from '../registry/citizen.entity';
import {
  PopulationRegistryRepository,
  type CitizenView,
} from '../registry/population-registry.repository';

/**
 * Group 1, steps 2 and 3 (NĐ 63/2024): assigns the child's personal id and registers permanent
 * residence in the household of the parent named by civil status, then announces both. A parent
 * without a household is refused with a reason the commune officer can act on.
 */
@Injectable()
export class BirthRegisteredHandler implements EventHandler<BirthRegisteredV1> {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';

  constructor(private readonly registry: PopulationRegistryRepository) {}

  async handle(ctx: EventContext, event: BusEvent<BirthRegisteredV1>): Promise<void> {
    const birth = event.payload;
    const parent = await this.registry.findCitizen(ctx, birth.residenceParentPersonalId);
    if (!parent?.household || parent.citizen.status !== 'ALIVE') {
      await ctx.publish({
        eventType: 'step-refused',
        payload: {
          dossierId: birth.dossierId,
          step: 'PERMANENT_RESIDENCE',
          code: 'POPULATION_HOUSEHOLD_NOT_FOUND',
          reason: `parent ${birth.residenceParentPersonalId} has no household the child can join`,
        },
      });
      return;
    }
    const household = parent.household;
    const personalId = await this.registry.createCitizenWithNewId(
      ctx,
      personalIdPrefix(parent.citizen.personalId, birth.child),
      childRecord(birth, parent),
    );
    await this.registry.registerResidence(ctx, {
      personalId,
      kind: 'PERMANENT',
      householdNo: household.householdNo,
      communeCode: household.communeCode,
      address: household.address,
      registeredOn: birth.registration.registeredOn,
    });
    await ctx.publish({
      eventType: 'citizen-created',
      subject: { scheme: 'personal-id', id: personalId },
      payload: {
        dossierId: birth.dossierId,
        personalId,
        fullName: birth.child.fullName,
        sex: birth.child.sex,
        birthDate: birth.child.birthDate,
        birthRegistrationCommune: birth.registration.communeCode,
        householdNo: household.householdNo,
        ...(birth.fatherPersonalId ? { fatherPersonalId: birth.fatherPersonalId } : {}),
        ...(birth.motherPersonalId ? { motherPersonalId: birth.motherPersonalId } : {}),
      },
    });
    await ctx.publish({
      eventType: 'residence-registered',
      subject: { scheme: 'personal-id', id: personalId },
      payload: {
        dossierId: birth.dossierId,
        personalId,
        kind: 'PERMANENT',
        householdNo: household.householdNo,
        communeCode: household.communeCode,
        registeredOn: birth.registration.registeredOn,
      },
    });
  }
}

/**
 * The first six digits of the child's id: the province part of the parent's id (the commune →
 * legacy province table is not joined yet), the century/sex digit and the two-digit birth year.
 */
export function personalIdPrefix(
  parentId: string,
  child: { readonly sex: 'MALE' | 'FEMALE'; readonly birthDate: string },
): string {
  const year = Number(child.birthDate.slice(0, 4));
  const century = Math.floor((year - 1900) / 100) * 2 + (child.sex === 'FEMALE' ? 1 : 0);
  return `${parentId.slice(0, 3)}${century}${child.birthDate.slice(2, 4)}`;
}

function childRecord(
  birth: BirthRegisteredV1,
  parent: CitizenView,
): Omit<Citizen, 'personalId' | 'status' | 'dateOfDeath'> {
  const words = birth.child.fullName.trim().split(/\s+/);
  return {
    fullName: birth.child.fullName,
    familyName: words[0] ?? birth.child.fullName,
    middleName: words.length > 2 ? words.slice(1, -1).join(' ') : null,
    givenName: words[words.length - 1] ?? birth.child.fullName,
    birthDate: birth.child.birthDate,
    birthDatePrecision: 'FULL',
    sex: birth.child.sex,
    ethnicity: birth.child.ethnicity ?? parent.citizen.ethnicity,
    religion: null,
    nationality: birth.child.nationality ?? 'VN',
    birthRegistrationCommune: birth.registration.communeCode,
    householdNo: parent.household?.householdNo ?? null,
    relationshipToHead: relationshipOf(parent.citizen.relationshipToHead),
    fatherId: birth.fatherPersonalId ?? null,
    motherId: birth.motherPersonalId ?? null,
    spouseId: null,
  };
}

function relationshipOf(parent: HouseholdRelationship | null): HouseholdRelationship {
  if (parent === 'HEAD' || parent === 'SPOUSE') {
    return 'CHILD';
  }
  return parent === 'CHILD' ? 'GRANDCHILD' : 'OTHER';
}
