import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

/** What an agency declares to witness the audit log (a part of its AgencyDefinition). */
export interface WitnessDeclaration {
  readonly witness?: {
    /** The app's migration that calls `createWitnessTables`. */
    readonly migrations: readonly Type<MigrationInterface>[];
  };
}
