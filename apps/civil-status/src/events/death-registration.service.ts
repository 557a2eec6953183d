import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { EventPublisher, LookupClient, type OfficerPrincipal } from '@lienthong/adapter-kit';
import type { Officer } from '@lienthong/envelope';
import type { DeathRequestV1 } from '@lienthong/schema';
import { vietnamDate } from './birth-registration.service';
import { CivilStatusEventError } from './civil-status-events.errors';
import { DeathBookRepository } from './death-book.repository';
import { DEATH_STEPS } from './deadlines';
import { lookUpCitizen } from './population-lookup';
import { DossierRepository } from './dossier.repository';

/** A procedure of group 2 the requester may choose (docs/domain.md §3.3). */
export type DeathProcedure =
  'DEATH_REGISTRATION' | 'RESIDENCE_REMOVAL' | 'FUNERAL_ALLOWANCE' | 'SURVIVOR_BENEFIT';

/**
 * The requester chooses 2, 3 or 4 procedures, each choice including the ones before it: death
 * registration + residence removal (+ funeral allowance (+ survivor benefit)).
 */
export const DEATH_PROCEDURE_ORDER: readonly DeathProcedure[] = [
  'DEATH_REGISTRATION',
  'RESIDENCE_REMOVAL',
  'FUNERAL_ALLOWANCE',
  'SURVIVOR_BENEFIT',
];

/** A death as a commune officer submits it (schemas/civil-status/death-request/v1). */
export type DeathRequest = DeathRequestV1;

/** What the officer gets back: the dossier to follow and the register entry. */
export interface DeathReceipt {
  readonly dossierId: string;
  readonly registrationId: string;
  readonly bookNo: string;
  readonly entryNo: number;
  readonly eventId: string;
  readonly procedures: readonly DeathProcedure[];
}

/** National code of the interconnected death procedure (khai tử liên thông). */
export const DEATH_PROCEDURE = '1.011537';

/**
 * The chosen procedures in their canonical order, or DEATH_PROCEDURES_INVALID when the choice is
 * not one of the three the interconnected procedure offers.
 */
export function normaliseProcedures(chosen: readonly string[]): DeathProcedure[] {
  const count = new Set(chosen).size;
  const expected = DEATH_PROCEDURE_ORDER.slice(0, count);
  const valid =
    count >= 2 &&
    count === chosen.length &&
    expected.every((procedure) => chosen.includes(procedure));
  if (!valid) {
    throw new CivilStatusEventError(
      'DEATH_PROCEDURES_INVALID',
      `${JSON.stringify(chosen)} is not one of: ${[2, 3, 4]
        .map((n) => DEATH_PROCEDURE_ORDER.slice(0, n).join('+'))
        .join(' | ')}`,
    );
  }
  return expected;
}

/**
 * Group 2, first step: verifies the deceased by look-up in the population registry, then in ONE
 * transaction writes the death into the commune's book, opens the dossier with the chosen steps
 * and their deadlines, and puts `death-registered` into the outbox.
 */
@Injectable()
export class DeathRegistrationService {
  constructor(
    private readonly lookups: LookupClient,
    private readonly events: EventPublisher,
    private readonly book: DeathBookRepository,
    private readonly dossiers: DossierRepository,
  ) {}

  async register(request: DeathRequest, principal: OfficerPrincipal): Promise<DeathReceipt> {
    const procedures = normaliseProcedures(request.procedures);
    const dossierId = uuidv7();
    const officer: Officer = { id: principal.id, role: principal.role };
    const fullName = await this.verifyDeceased(request.deceasedPersonalId, dossierId, officer);
    const receivedAt = new Date();
    const registeredOn = vietnamDate(receivedAt);
    const bookNo = `KT-${registeredOn.slice(0, 4)}`;
    return this.events.transaction(async (ctx) => {
      const entry = await this.book.register(ctx, {
        registeringCommune: request.communeCode,
        bookNo,
        registeredOn,
        deceasedPersonalId: request.deceasedPersonalId,
        deceasedFullName: fullName,
        dateOfDeath: request.dateOfDeath,
        placeOfDeath: request.placeOfDeath,
        declarantPersonalId: request.declarantPersonalId ?? null,
      });
      await this.dossiers.open(
        ctx,
        {
          id: dossierId,
          procedure: 'DEATH',
          registrationId: entry.id,
          officerId: principal.id,
          communeCode: request.communeCode,
        },
        procedures.map((p) => DEATH_STEPS[p]),
        receivedAt,
      );
      const sealed = await this.events.publish(ctx, {
        eventType: 'death-registered',
        correlationId: dossierId,
        officer,
        subject: { scheme: 'personal-id', id: request.deceasedPersonalId },
        payload: {
          dossierId,
          registration: {
            communeCode: request.communeCode,
            bookNo,
            entryNo: entry.entryNo,
            registeredOn,
          },
          deceasedPersonalId: request.deceasedPersonalId,
          fullName,
          dateOfDeath: request.dateOfDeath,
          placeOfDeath: request.placeOfDeath,
          procedures,
        },
      });
      return {
        dossierId,
        registrationId: entry.id,
        bookNo,
        entryNo: entry.entryNo,
        eventId: sealed.body.id,
        procedures,
      };
    });
  }

  /** The deceased's full name as population records it; refuses an unknown or dead citizen. */
  private async verifyDeceased(
    personalId: string,
    dossierId: string,
    officer: Officer,
  ): Promise<string> {
    const found = await lookUpCitizen(this.lookups, {
      personalId,
      procedure: DEATH_PROCEDURE,
      dossierId,
      officer,
    });
    if (!found) {
      throw new CivilStatusEventError(
        'DEATH_DECEASED_NOT_FOUND',
        `no citizen ${personalId} in the population registry`,
      );
    }
    const record = found as { fullName?: string; status?: string };
    if (record.status === 'DECEASED') {
      throw new CivilStatusEventError(
        'DEATH_ALREADY_REGISTERED',
        `the population registry already records ${personalId} as deceased`,
      );
    }
    return record.fullName ?? personalId;
  }
}
