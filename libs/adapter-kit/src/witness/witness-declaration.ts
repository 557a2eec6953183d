/** What an agency declares to witness the audit log (a part of its AgencyDefinition). */
export interface WitnessDeclaration {
  /** Cosign the audit log's checkpoints; the kit creates the witness table with a migration of its own. */
  readonly witness?: boolean;
}
