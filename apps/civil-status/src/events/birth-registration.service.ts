import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EventPublisher, LookupClient, type OfficerPrincipal } from '@lienthong/adapter-kit';
import type { Officer } from '@lienthong/envelope';
import type { BirthRequestV1 } from '@lienthong/schema';
import { CivilStatusRepository } from '../registry/civil-status.repository';
import { CivilStatusEventError } from './civil-status-events.errors';
import { BIRTH_STEPS } from './deadlines';
import { lookUpCitizen } from './population-lookup';
import { DossierRepository } from './dossier.repository';

/** A birth as a commune officer submits it (schemas/civil-status/birth-request/v1). */
export type BirthRequest = BirthRequestV1;

/** What the officer gets back: the dossier to follow and the register entry. */
export interface BirthReceipt {
  readonly dossierId: string;
  readonly registrationId: string;
  readonly bookNo: string;
  readonly entryNo: number;
  readonly eventId: string;
}

/** Demo procedure code of group 1 (the purpose of the parents' look-ups). */
export const BIRTH_PROCEDURE = 'KHAI-SINH-LT';

/**
 * Group 1, first step: verifies the parents by look-up in the population registry, then in ONE
 * transaction writes the birth into the commune's book, opens the dossier with its deadlines and
 * puts `birth-registered` into the outbox.
 */
@Injectable()
export class BirthRegistrationService {
  constructor(
    private readonly lookups: LookupClient,
    private readonly events: EventPublisher,
    private readonly registry: CivilStatusRepository,
    private readonly dossiers: DossierRepository,
  ) {}

  async register(request: BirthRequest, principal: OfficerPrincipal): Promise<BirthReceipt> {
    const parents = [request.fatherPersonalId, request.motherPersonalId].filter(
      (id): id is string => typeof id === 'string',
    );
    const residenceParent =
      request.residenceParentPersonalId ?? request.motherPersonalId ?? request.fatherPersonalId;
    if (parents.length === 0 || !residenceParent || !parents.includes(residenceParent)) {
      throw new CivilStatusEventError(
        'BIRTH_PARENT_MISSING',
        'name the father or the mother by personal id; the household parent must be one of them',
      );
    }
    const dossierId = uuidv7();
    const officer: Officer = { id: principal.id, role: principal.role };
    for (const personalId of parents) {
      await this.verifyParent(personalId, dossierId, officer);
    }
    const receivedAt = new Date();
    const registeredOn = vietnamDate(receivedAt);
    const bookNo = `KS-${registeredOn.slice(0, 4)}`;
    return this.events.transaction(async (ctx) => {
      const entry = await this.registry.registerBirth(ctx, {
        registeringCommune: request.communeCode,
        bookNo,
        registeredOn,
        childFullName: request.child.fullName,
        sex: request.child.sex,
        birthDate: request.child.birthDate,
        placeOfBirth: request.child.placeOfBirth,
        fatherPersonalId: request.fatherPersonalId ?? null,
        motherPersonalId: request.motherPersonalId ?? null,
      });
      await this.dossiers.open(
        ctx,
        {
          id: dossierId,
          procedure: 'BIRTH',
          registrationId: entry.id,
          officerId: principal.id,
          communeCode: request.communeCode,
        },
        BIRTH_STEPS,
        receivedAt,
      );
      const sealed = await this.events.publish(ctx, {
        eventType: 'birth-registered',
        correlationId: dossierId,
        officer,
        payload: {
          dossierId,
          registration: {
            communeCode: request.communeCode,
            bookNo,
            entryNo: entry.entryNo,
            registeredOn,
          },
          child: request.child,
          ...(request.fatherPersonalId ? { fatherPersonalId: request.fatherPersonalId } : {}),
          ...(request.motherPersonalId ? { motherPersonalId: request.motherPersonalId } : {}),
          residenceParentPersonalId: residenceParent,
        },
      });
      return {
        dossierId,
        registrationId: entry.id,
        bookNo,
        entryNo: entry.entryNo,
        eventId: sealed.body.id,
      };
    });
  }

  private async verifyParent(personalId: string, dossierId: string, officer: Officer) {
    const parent = await lookUpCitizen(this.lookups, {
      personalId,
      procedure: BIRTH_PROCEDURE,
      dossierId,
      officer,
    });
    if (!parent) {
      throw new CivilStatusEventError(
        'BIRTH_PARENT_NOT_FOUND',
        `no citizen ${personalId} in the population registry`,
      );
    }
  }
}

/** The calendar date in Vietnam (UTC+7) of an instant, `YYYY-MM-DD`. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
