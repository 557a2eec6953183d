import type { InjectionToken, Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { DOCUMENT_AUDIT, DOCUMENT_BUS } from './document-bus';
import { DocumentExchange } from './document-exchange';
import { DocumentInbox } from './document-inbox';
import { DocumentIntake } from './document-intake.service';
import { DocumentLifecycle } from './document-lifecycle.service';
import { DocumentOutbox } from './document-outbox';
import { DocumentRefusal } from './document-refusal';
import { DocumentRepository } from './document.repository';
import { DocumentSender } from './document-sender.service';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { DOCUMENTS_OPTIONS } from './documents.constants';
import { DocumentsController } from './documents.controller';
import { AdapterKitDocumentTables1795600000000, DOCUMENT_ENTITIES } from './documents.migration';
import type { DocumentDeclaration } from './document-declaration';
import { loadDocumentsOptions } from './documents.options';

/** Where the kit's own services are found in the adapter module. */
export interface DocumentBindings {
  readonly bus: InjectionToken;
  readonly audit: InjectionToken;
}

/** Providers of the document exchange; none for an agency that does not declare it. */
export function documentProviders(
  agency: DocumentDeclaration,
  bindings: DocumentBindings,
): Provider[] {
  if (!agency.documents) {
    return [];
  }
  const options = { ...loadDocumentsOptions(), ...agency.documents.limits };
  return [
    { provide: DOCUMENT_BUS, useExisting: bindings.bus },
    { provide: DOCUMENT_AUDIT, useExisting: bindings.audit },
    { provide: DOCUMENTS_OPTIONS, useValue: options },
    DocumentRepository,
    DocumentExchange,
    DocumentOutbox,
    DocumentRefusal,
    DocumentSender,
    DocumentIntake,
    DocumentLifecycle,
    DocumentInbox,
    DocumentUploadInterceptor,
  ];
}

/** The document API controller, for an agency that declares documents. */
export function documentControllers(agency: DocumentDeclaration): Type<unknown>[] {
  return agency.documents ? [DocumentsController] : [];
}

/** The document entities, for an agency that declares documents. */
export function documentEntities(agency: DocumentDeclaration): Type<object>[] {
  return agency.documents ? [...DOCUMENT_ENTITIES] : [];
}

/** The kit's document-table migration, for an agency that declares documents. */
export function documentMigrations(agency: DocumentDeclaration): Type<MigrationInterface>[] {
  return agency.documents ? [AdapterKitDocumentTables1795600000000] : [];
}
