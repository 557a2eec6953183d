import { Injectable } from '@nestjs/common';
import type {
  BusEvent,
  EventBatchContext,
  EventContext,
  EventHandler,
} from '@lienthong/adapter-kit';
import type {
  BenefitOpenedV1,
  CardIssuedV1,
  CitizenCreatedV1,
  ResidenceRegisteredV1,
  ResidenceRemovedV1,
  StepRefusedV1,
} from '@lienthong/schema';
import { CivilStatusRepository } from '../registry/civil-status.repository';
import { DossierRepository } from './dossier.repository';

interface DossierEvent {
  readonly dossierId: string;
}

/** Population assigned the child's personal id (`citizen-created`): record it on the birth and close the step. */
@Injectable()
export class PersonalIdAssignedHandler implements EventHandler<CitizenCreatedV1> {
  readonly publisher = 'POP';
  readonly eventType = 'citizen-created';

  constructor(
    private readonly dossiers: DossierRepository,
    private readonly registry: CivilStatusRepository,
  ) {}

  async handle(ctx: EventContext, event: BusEvent<CitizenCreatedV1>) {
    const registrationId = await this.dossiers.registrationOf(ctx, event.payload.dossierId);
    if (registrationId === undefined) {
      // a citizen created outside an interconnected procedure of this office: nothing to advance
      return;
    }
    await this.registry.setChildPersonalId(ctx, registrationId, event.payload.personalId);
    await this.dossiers.complete(ctx, event.payload.dossierId, 'PERSONAL_ID', event.id);
  }
}

/** A step closed by one event type, whatever its payload says beyond the dossier id. */
@Injectable()
abstract class StepEventHandler<P extends DossierEvent> implements EventHandler<P> {
  abstract readonly publisher: string;
  abstract readonly eventType: string;

  constructor(protected readonly dossiers: DossierRepository) {}

  /** The step this event closes, or undefined when it closes none. */
  protected abstract stepOf(payload: P): string | undefined;

  async handle(ctx: EventContext, event: BusEvent<P>): Promise<void> {
    const step = this.stepOf(event.payload);
    if (step) {
      await this.dossiers.complete(ctx, event.payload.dossierId, step, event.id);
    }
  }

  /** The steps of an inbox batch's events, settled together. */
  async handleBatch(ctx: EventBatchContext, events: readonly BusEvent<P>[]): Promise<void> {
    await this.dossiers.settleMany(
      ctx,
      events.flatMap((event) => {
        const step = this.stepOf(event.payload);
        return step
          ? [
              {
                dossierId: event.payload.dossierId,
                step,
                status: 'DONE' as const,
                eventId: event.id,
              },
            ]
          : [];
      }),
    );
  }
}

/** Population registered the child's permanent residence in the parent's household. */
@Injectable()
export class ResidenceRegisteredHandler extends StepEventHandler<ResidenceRegisteredV1> {
  readonly publisher = 'POP';
  readonly eventType = 'residence-registered';
  protected stepOf(payload: { kind: string }) {
    return payload.kind === 'PERMANENT' ? 'PERMANENT_RESIDENCE' : undefined;
  }
}

/** Population removed the deceased's permanent residence. */
@Injectable()
export class ResidenceRemovedHandler extends StepEventHandler<ResidenceRemovedV1> {
  readonly publisher = 'POP';
  readonly eventType = 'residence-removed';
  protected stepOf() {
    return 'RESIDENCE_REMOVAL';
  }
}

/** Insurance issued the child's health-insurance card. */
@Injectable()
export class CardIssuedHandler extends StepEventHandler<CardIssuedV1> {
  readonly publisher = 'INS';
  readonly eventType = 'card-issued';
  protected stepOf() {
    return 'HEALTH_INSURANCE_CARD';
  }
}

/** Insurance opened the funeral allowance or the survivor benefit. */
@Injectable()
export class BenefitOpenedHandler extends StepEventHandler<BenefitOpenedV1> {
  readonly publisher = 'INS';
  readonly eventType = 'benefit-opened';
  protected stepOf(payload: { benefit: string }) {
    return payload.benefit;
  }
}

type Refusal = StepRefusedV1;

/** An agency refused its step: the dossier shows the step refused with the agency's reason. */
@Injectable()
abstract class StepRefusedHandler implements EventHandler<Refusal> {
  abstract readonly publisher: string;
  readonly eventType = 'step-refused';

  constructor(private readonly dossiers: DossierRepository) {}

  async handle(ctx: EventContext, event: BusEvent<Refusal>): Promise<void> {
    const { dossierId, step, code, reason } = event.payload;
    await this.dossiers.refuse(ctx, dossierId, step, { eventId: event.id, code, reason });
  }

  /** The refusals of an inbox batch's events, settled together. */
  async handleBatch(ctx: EventBatchContext, events: readonly BusEvent<Refusal>[]): Promise<void> {
    await this.dossiers.settleMany(
      ctx,
      events.map(({ id, payload: { dossierId, step, code, reason } }) => ({
        dossierId,
        step,
        status: 'REFUSED' as const,
        eventId: id,
        code,
        reason,
      })),
    );
  }
}

/** Population refused a step. */
@Injectable()
export class PopulationRefusedHandler extends StepRefusedHandler {
  readonly publisher = 'POP';
}

/** Insurance refused a step. */
@Injectable()
export class InsuranceRefusedHandler extends StepRefusedHandler {
  readonly publisher = 'INS';
}

/** Every subscription of civil status. */
export const CIVIL_STATUS_EVENT_HANDLERS = [
  PersonalIdAssignedHandler,
  ResidenceRegisteredHandler,
  ResidenceRemovedHandler,
  CardIssuedHandler,
  BenefitOpenedHandler,
  PopulationRefusedHandler,
  InsuranceRefusedHandler,
] as const;
