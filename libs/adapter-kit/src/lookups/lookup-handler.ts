import type { EntityManager } from 'typeorm';
import type { DataSubject, Officer, Party, Purpose } from '@lienthong/envelope';

/** What a provider's handler knows about one verified look-up; never raw bytes or keys. */
export interface LookupContext {
  readonly messageId: string;
  readonly correlationId: string;
  readonly consumer: Party;
  readonly purpose: Purpose;
  readonly officer?: Officer;
  /** Whom the request is about: the query's field its request schema annotates `x-lienthong-subject`. */
  readonly subject?: DataSubject;
  /** Read-only registry access for this request. */
  readonly manager: EntityManager;
}

/** An expected outcome of a look-up (style G17): found, or a typed not-found answer. */
export type LookupOutcome<R extends object> =
  { readonly status: 'FOUND'; readonly record: R } | { readonly status: 'NOT_FOUND' };

/**
 * A service this agency provides. The kit verifies, authorises and validates the request before
 * `handle` runs, then minimises the record to the consumer's allowed fields, signs the answer
 * and writes the audit record.
 */
export interface LookupHandler<Q = unknown, R extends object = Record<string, unknown>> {
  /** Service code of the catalog, e.g. `citizen-by-id`. */
  readonly service: string;
  /**
   * Schema id of the query `Q` (the catalog's request type of the service). Its property annotated
   * `x-lienthong-subject` names whom a request is about, for the audit records' keyed subject
   * reference; the kit refuses to start a handler whose request schema has none.
   */
  readonly requestType: string;
  /** Field of the record that identifies it; always returned. */
  readonly identifierField: string;
  handle(ctx: LookupContext, query: Q): Promise<LookupOutcome<R>>;
}
