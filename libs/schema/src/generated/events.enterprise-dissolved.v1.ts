/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The business registry (BIZ) recorded the dissolution of an enterprise.
 */
export interface EnterpriseDissolvedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  enterpriseCode: string;
  dissolvedOn: string;
}
