/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Social insurance (INS) issued a health-insurance card (thẻ BHYT).
 */
export interface CardIssuedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  socialInsuranceNumber?: string;
  cardCode: string;
  beneficiaryGroup: string;
  validFrom: string;
  validTo?: string;
}
