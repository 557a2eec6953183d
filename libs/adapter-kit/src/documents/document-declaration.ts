import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import type { DocumentsOptions } from './documents.options';

/** What an agency declares to exchange official documents (a part of its AgencyDefinition). */
export interface DocumentDeclaration {
  readonly documents?: {
    /**
     * The app's migrations: the one that calls `createDocumentTables`, and for schemas made before
     * the delivery table existed a later one that calls `createDocumentDeliveryTable`.
     */
    readonly migrations: readonly Type<MigrationInterface>[];
    /** Limits; unset ones come from DOCUMENT_* environment variables or their defaults. */
    readonly limits?: Partial<DocumentsOptions>;
  };
}
