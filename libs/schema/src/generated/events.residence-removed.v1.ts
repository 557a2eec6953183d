/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Population (POP) removed a residence registration (xóa đăng ký thường trú).
 */
export interface ResidenceRemovedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  kind: 'PERMANENT' | 'TEMPORARY';
  removedOn: string;
  reason: 'DECEASED' | 'MOVED' | 'OTHER';
}
