import type { Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { WITNESS_STATE } from './witness.constants';
import { AdapterKitWitnessTables1795800000000 } from './witness.migration';
import { WitnessHealthController } from './witness-health.controller';
import { WitnessService } from './witness.service';
import type { WitnessDeclaration } from './witness-declaration';
import { WitnessState } from './witness-state';

/** The witness's providers; none for an app that does not witness (the audit service itself). */
export function witnessProviders(agency: WitnessDeclaration): Provider[] {
  if (agency.witness !== true) {
    return [];
  }
  return [{ provide: WITNESS_STATE, useValue: new WitnessState() }, WitnessService];
}

/** The kit's witness-table migration, for an agency that witnesses. */
export function witnessMigrations(agency: WitnessDeclaration): Type<MigrationInterface>[] {
  return agency.witness === true ? [AdapterKitWitnessTables1795800000000] : [];
}

/** The witness health route, for an agency that witnesses. */
export function witnessControllers(agency: WitnessDeclaration): Type<unknown>[] {
  return agency.witness === true ? [WitnessHealthController] : [];
}
