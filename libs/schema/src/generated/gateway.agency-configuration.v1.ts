/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

export type File = string;

/**
 * A registry that joins the bus with the system it already runs, declared instead of coded: the configured adapter (apps/configured-adapter) reads this file, answers each service from the agency's own back end and does everything else (verify, authorise, validate, minimise, sign, audit) as every adapter does. Paths of files are relative to this file.
 */
export interface AgencyConfigurationV1 {
  $schema?: string;
  /**
   * Member code of the agency on the bus.
   */
  member: string;
  /**
   * Subsystem code of this adapter.
   */
  subsystem: string;
  title: string;
  /**
   * PostgreSQL schema of the adapter's own tables (never the back end's).
   */
  databaseSchema: string;
  /**
   * The agency's existing systems, by name. Only the origins named here are ever called.
   */
  backends: {
    [k: string]: HttpBackend | SqlBackend | undefined;
  };
  /**
   * @minItems 1
   * @maxItems 64
   */
  services: Service[];
}
export interface HttpBackend {
  kind: 'http';
  /**
   * Scheme, host and port of the back end (no path, no credentials). Every request goes to exactly this origin.
   */
  origin: string;
  /**
   * Deadline of one whole exchange, connection to last byte (default 3000).
   */
  timeoutMs?: number;
  /**
   * Largest answer body accepted (default 262144).
   */
  maxResponseBytes?: number;
  /**
   * Connections kept to the back end (default 16).
   */
  maxConnections?: number;
  /**
   * TLS to an https origin: the CA that signs the back end's certificate, and for mutual TLS this adapter's client certificate and key.
   */
  tls?: {
    caFile?: File;
    certFile?: File;
    keyFile?: File;
    serverName?: string;
  };
  auth?:
    | {
        kind: 'none';
      }
    | {
        kind: 'bearer';
        tokenFile: File;
      }
    | {
        kind: 'client-credentials';
        tokenPath: string;
        clientId: string;
        clientSecretFile: File;
        scope?: string;
      };
}
/**
 * The agency's own PostgreSQL, read with parameterised queries in read-only transactions.
 */
export interface SqlBackend {
  kind: 'postgres';
  /**
   * Name of the environment variable that holds the connection URL (credentials never live in this file).
   */
  urlEnv: string;
  timeoutMs?: number;
  maxConnections?: number;
}
export interface Service {
  /**
   * Service code of the catalog; its response schema comes from the catalog.
   */
  code: string;
  /**
   * Field of the record that identifies it; always returned.
   */
  identifierField: string;
  /**
   * Schema id of the service's request, as the catalog names it; its property annotated x-lienthong-subject names whom a request is about (for the audit record's keyed subject reference).
   */
  requestType: string;
  backend: string;
  request?: HttpRequest;
  /**
   * For a postgres back end: one SELECT with $1, $2… bound to `parameters`.
   */
  sql?: string;
  /**
   * Request fields bound to $1, $2… of `sql`, in order.
   *
   * @maxItems 16
   */
  parameters?: string[];
  /**
   * How the back end's answers map to outcomes, first match wins. An HTTP answer no rule matches is refused as PROVIDER_ANSWER_INVALID. SQL: no row is NOT_FOUND, one row is FOUND.
   *
   * @maxItems 32
   */
  outcomes?: OutcomeRule[];
  /**
   * JSONata from the back end's answer (HTTP: the JSON body; SQL: the row) to the record of the service's response schema. $request is the look-up's query.
   */
  record: string;
}
export interface HttpRequest {
  method: 'GET' | 'POST';
  /**
   * Path template: {field} is replaced by the request's field, percent-encoded as one path segment.
   */
  path: string;
  /**
   * Query parameters; values are templates like the path.
   */
  query?: {
    [k: string]: string | undefined;
  };
  /**
   * Fixed headers sent to the back end (never Authorization or Host).
   */
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * For POST: JSONata from the look-up's query to the JSON body sent.
   */
  body?: string;
}
export interface OutcomeRule {
  /**
   * HTTP statuses this rule applies to (any when absent).
   *
   * @minItems 1
   * @maxItems 32
   */
  status?: number[];
  /**
   * JSONata over the answer's JSON body ($status is the HTTP status): the rule applies when it is true.
   */
  when?: string;
  /**
   * FOUND: map the answer with `record`. NOT_FOUND: the typed not-found answer. REFUSED: a signed PROVIDER_REFUSED. UNAVAILABLE: a signed, retryable PROVIDER_UNAVAILABLE.
   */
  outcome: 'FOUND' | 'NOT_FOUND' | 'REFUSED' | 'UNAVAILABLE';
}
