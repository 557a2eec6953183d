/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * An agency refused its step of an interconnected procedure, with a stable code and a reason the officer can act on.
 */
export interface StepRefusedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  step: string;
  code: string;
  reason: string;
}
