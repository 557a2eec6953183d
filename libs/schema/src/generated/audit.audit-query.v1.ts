/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

export type SubjectRef = string;

/**
 * The `query` member of an audit record of type urn:lienthong:audit:audit-query:1: one query an auditor, an operator or a citizen made of the audit service's HTTP API (search, lineage, a data subject's access log, evidence, export), accepted or refused. The audit service writes such records itself, into the same log, with sender AUDIT/log and no recipient; the caller's token subject (staff only) is the record's `officer`. No clear personal id: data subjects and citizen callers appear only as the keyed hash the log uses for every data subject.
 */
export interface AuditQueryV1 {
  /**
   * Method and route template, e.g. `GET /v1/subjects/{personalId}/accesses`; never the concrete path.
   */
  endpoint: string;
  /**
   * Role of the verified bearer token; absent when the token did not verify.
   */
  role?: 'auditor' | 'operator' | 'citizen' | 'leader';
  /**
   * Agency named by a staff token (claim `agency`).
   */
  agency?: string;
  /**
   * A citizen caller: HMAC-SHA256 of `personal-id:<id>` under the bus subject key.
   */
  actorRef?: string;
  /**
   * The filters given that were valid, as text; an invalid value is left out, never echoed.
   */
  filters: {
    [k: string]: string | undefined;
  };
  /**
   * Log entries the answer disclosed; 0 for a refusal. For an export, the size of the range it streams.
   */
  returned: number;
  /**
   * The data subjects whose entries were asked for or disclosed, each once.
   *
   * @maxItems 1000
   */
  subjects?: SubjectRef[];
}
