/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The business registry (BIZ) registered an enterprise.
 */
export interface EnterpriseRegisteredV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  enterpriseCode: string;
  name: string;
  legalRepresentativePersonalId: string;
  registeredOn: string;
}
