/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The business registry (BIZ) changed or flagged an enterprise's legal representative; DECEASED_FLAGGED means the representative died and the enterprise must appoint another.
 */
export interface LegalRepresentativeChangedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  enterpriseCode: string;
  personalId: string;
  change: 'APPOINTED' | 'REPLACED' | 'DECEASED_FLAGGED';
  changedOn: string;
}
