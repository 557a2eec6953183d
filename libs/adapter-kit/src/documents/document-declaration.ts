import type { DocumentsOptions } from './documents.options';

/** What an agency declares to exchange official documents (a part of its AgencyDefinition). */
export interface DocumentDeclaration {
  /** Declared (even as `{}`): the kit creates the document tables with a migration of its own. */
  readonly documents?: {
    /** Limits; unset ones come from DOCUMENT_* environment variables or their defaults. */
    readonly limits?: Partial<DocumentsOptions>;
  };
}
