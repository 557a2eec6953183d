/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Social insurance (INS) opened a funeral allowance (trợ cấp mai táng) or survivor benefit (tử tuất) after a death, and stopped the deceased's cards.
 */
export interface BenefitOpenedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  benefit: 'FUNERAL_ALLOWANCE' | 'SURVIVOR_BENEFIT';
  openedOn: string;
  cardsStopped?: number;
}
