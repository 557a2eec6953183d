import { createHash } from 'node:crypto';

/**
 * The X-Road Message Protocol for REST (PR-REST 1.0.3) as Lienthong speaks it at an adapter's edge,
 * as pure functions: identifiers, the request line, headers, the request hash and the error bodies.
 * The controller (xroad.controller.ts) does the I/O.
 */

/** The only protocol version (PR-REST §2.3). */
export const XROAD_PROTOCOL_VERSION = 'r1';

/**
 * Lienthong has one class of members (state agencies): every member is `GOV` in X-Road terms.
 * A client or service naming another class names nothing on this bus.
 */
export const XROAD_MEMBER_CLASS = 'GOV';

/** The metaservices of PR-MREST answered at `/r1/{instance}/GOV/{member}/{subsystem}/{name}`. */
export const XROAD_METASERVICES = ['listMethods', 'allowedMethods', 'getOpenAPI'] as const;
export type XRoadMetaservice = (typeof XROAD_METASERVICES)[number];

/** PR-REST §4.8: the characters an identifier may hold. */
const IDENTIFIER = /^[A-Za-z0-9'()+,\-.=?]{1,255}$/;
/** PR-REST §4.2: URIs are strictly validated and bounded (most clients stop at 2000). */
export const XROAD_MAX_URI_LENGTH = 2000;

/** A client as `X-Road-Client` names it. */
export interface XRoadClientId {
  readonly instance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly subsystemCode?: string;
}

/** A service as the request path names it. */
export interface XRoadServiceId {
  readonly instance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly subsystemCode: string;
  readonly serviceCode: string;
}

/** The parsed request line of an X-Road REST call. */
export interface XRoadRequestTarget {
  readonly service: XRoadServiceId;
  /** What follows the service code, `''` when nothing does. */
  readonly servicePath: string;
  /** Raw query (without `?`), `''` when none. */
  readonly query: string;
}

/** A refusal of the edge itself, with its X-Road fault type (`Client.BadRequest` …). */
export class XRoadFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** The Lienthong code behind it, when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'XRoadFault';
  }
}

function decodeSegment(segment: string, what: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new XRoadFault('Client.BadRequest', `${what} is not valid percent-encoded UTF-8`);
  }
  if (!IDENTIFIER.test(decoded)) {
    throw new XRoadFault(
      'Client.BadRequest',
      `${what} holds characters an X-Road identifier may not (PR-REST §4.8)`,
    );
  }
  return decoded;
}

/**
 * Parses `/r1/{instance}/{class}/{member}/{subsystem}/{service}[/path][?query]` (PR-REST §4.1),
 * each identifier percent-decoded on its own (§4.2) and checked against §4.8.
 */
export function parseRequestTarget(rawUrl: string): XRoadRequestTarget {
  if (rawUrl.length > XROAD_MAX_URI_LENGTH) {
    throw new XRoadFault(
      'Client.BadRequest',
      `the request URI is longer than ${XROAD_MAX_URI_LENGTH}`,
    );
  }
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const parts = path.split('/');
  if (parts[0] !== '' || parts.length < 7) {
    throw new XRoadFault(
      'Client.BadRequest',
      'the request path is not /r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}',
    );
  }
  if (parts[1] !== XROAD_PROTOCOL_VERSION) {
    throw new XRoadFault(
      'Client.InvalidProtocolVersion',
      `protocol version ${String(parts[1]).slice(0, 16)} is not supported (r1 is)`,
    );
  }
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = [
    decodeSegment(parts[2], 'the instance'),
    decodeSegment(parts[3], 'the member class'),
    decodeSegment(parts[4], 'the member code'),
    decodeSegment(parts[5], 'the subsystem code'),
    decodeSegment(parts[6], 'the service code'),
  ];
  return {
    service: { instance, memberClass, memberCode, subsystemCode, serviceCode },
    servicePath: parts.length > 7 ? `/${parts.slice(7).join('/')}` : '',
    query,
  };
}

/** Parses `X-Road-Client: INSTANCE/CLASS/MEMBER[/SUBSYSTEM]` (PR-REST §4.3). */
export function parseClientHeader(value: string): XRoadClientId {
  const parts = value.trim().split('/');
  if (parts.length < 3 || parts.length > 4) {
    throw new XRoadFault(
      'Client.InvalidClientIdentifier',
      'X-Road-Client is not INSTANCE/CLASS/MEMBER[/SUBSYSTEM]',
    );
  }
  const decode = (part: string | undefined, what: string) => {
    try {
      return decodeSegment(part ?? '', what);
    } catch (error) {
      throw new XRoadFault(
        'Client.InvalidClientIdentifier',
        error instanceof Error ? error.message : String(error),
      );
    }
  };
  return {
    instance: decode(parts[0], 'the client instance'),
    memberClass: decode(parts[1], 'the client member class'),
    memberCode: decode(parts[2], 'the client member code'),
    ...(parts[3] !== undefined ? { subsystemCode: decode(parts[3], 'the client subsystem') } : {}),
  };
}

/** `INSTANCE/CLASS/MEMBER/SUBSYSTEM[/SERVICE]`, each part percent-encoded (PR-REST §4.2). */
export function formatXRoadId(id: XRoadClientId | XRoadServiceId): string {
  const parts = [id.instance, id.memberClass, id.memberCode];
  if (id.subsystemCode !== undefined) {
    parts.push(id.subsystemCode);
  }
  if ('serviceCode' in id) {
    parts.push(id.serviceCode);
  }
  return parts.map(encodeURIComponent).join('/');
}

/** X-Road headers of which a request may carry at most one (PR-REST says "use the last": we refuse). */
const SINGLE_HEADERS = new Set([
  'x-road-client',
  'x-road-id',
  'x-road-userid',
  'x-road-issue',
  'x-road-security-server',
  'x-road-represented-party',
  'authorization',
  'content-type',
]);

/**
 * Refuses a request that names one of the X-Road headers (or its credentials or content type)
 * twice: a second `X-Road-Client` is how a client would try to speak for another (PR-REST §4.3
 * lets a server take the last one; Lienthong refuses, docs/security.md).
 */
export function assertSingleHeaders(
  rawHeaders: readonly string[],
  extra: readonly string[] = [],
): void {
  const seen = new Set<string>();
  const single = new Set([...SINGLE_HEADERS, ...extra.map((h) => h.toLowerCase())]);
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    if (!single.has(name)) {
      continue;
    }
    if (seen.has(name)) {
      throw new XRoadFault('Client.DuplicateHeaderField', `header ${name} appears more than once`);
    }
    seen.add(name);
  }
}

/** C0 and C1 controls and DEL: never in a value that is signed, logged or audited. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Reads a header value that travels into the signed envelope (user id, case, purpose): percent-
 * encoded UTF-8 (PR-REST §4.2's rule for identifiers, so that Vietnamese text survives HTTP/1.1),
 * no control character, at most `max` characters once decoded.
 */
export function readTextHeader(
  value: string | undefined,
  header: string,
  max: number,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.trim());
  } catch {
    throw new XRoadFault('Client.BadRequest', `${header} is not valid percent-encoded UTF-8`);
  }
  if (
    decoded.length === 0 ||
    decoded.length > max ||
    CONTROL.test(decoded) ||
    decoded.trim() !== decoded
  ) {
    throw new XRoadFault(
      'Client.BadRequest',
      `${header} must be 1 to ${max} characters without control characters or outer spaces`,
    );
  }
  return decoded;
}

/** Headers that are never part of the request message (PR-REST §4.3 filtered, hop-by-hop). */
const SKIPPED_HEADERS = new Set([
  'transfer-encoding',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'connection',
  'user-agent',
  'host',
  'content-length',
  'server',
  'expect',
  'x-road-request-id',
  'x-road-request-hash',
]);

const sha512 = (data: Buffer | string) => createHash('sha512').update(data).digest();

/**
 * `X-Road-Request-Hash` (PR-REST §4.3): base64 of SHA512(SHA512(headers) ‖ SHA512(body)), or of
 * SHA512(headers) when there is no body. "headers" is the request message as X-Road serialises it:
 * the method, CRLF, the request target as received, CRLF, then each header as `name:value` CRLF in
 * the order received — hop-by-hop and host-revealing headers left out, a client's own
 * `X-Road-Request-Id`/`X-Road-Request-Hash` left out, and `X-Road-Request-Id: <id>` appended.
 */
export function requestHash(input: {
  method: string;
  rawUrl: string;
  rawHeaders: readonly string[];
  requestId: string;
  body: Buffer;
}): string {
  const lines = [input.method.toUpperCase(), input.rawUrl];
  for (let i = 0; i + 1 < input.rawHeaders.length; i += 2) {
    const name = input.rawHeaders[i];
    if (!SKIPPED_HEADERS.has(name.toLowerCase())) {
      lines.push(`${name}:${input.rawHeaders[i + 1]}`);
    }
  }
  lines.push(`X-Road-Request-Id:${input.requestId}`);
  const message = `${lines.join('\r\n')}\r\n`;
  const digest =
    input.body.length > 0
      ? sha512(Buffer.concat([sha512(message), sha512(input.body)]))
      : sha512(message);
  return digest.toString('base64');
}

/** The JSON body of an error the edge answers itself (PR-REST §4.6, category 3 and 4). */
export interface XRoadErrorBody {
  readonly type: string;
  readonly message: string;
  /** An id that finds the event in the adapter's log (the request id when there is one). */
  readonly detail: string;
  /** Lienthong's stable code behind the fault (docs/errors.md), when there is one. */
  readonly code?: string;
}

/** Client.* faults are the caller's (400); Server.* are the bus's (500) — PR-REST §4.6. */
export function faultStatus(type: string): number {
  return type.startsWith('Client.') ? 400 : 500;
}

/**
 * The X-Road fault type of a Lienthong code (docs/protocol.md §15 has the table). `signedByProvider`
 * tells a refusal the provider signed (the provider's security server, `Server.ServerProxy`) from
 * one this adapter raised (`Server.ClientProxy`, or `Client` for the caller's mistakes).
 */
export function faultTypeOf(code: string, signedByProvider: boolean): string {
  const side = signedByProvider ? 'Server.ServerProxy' : 'Server.ClientProxy';
  if (code === 'LOOKUP_REQUEST_INVALID' || code === 'LOOKUP_SUBJECT_ID_INVALID') {
    return 'Client.InvalidBody';
  }
  if (code === 'PAYLOAD_SCHEMA_INVALID' || code === 'PROVIDER_REQUEST_UNMAPPABLE') {
    return signedByProvider ? `${side}.InvalidRequest` : 'Client.InvalidBody';
  }
  if (code === 'ACCESS_PURPOSE_MISSING') {
    return 'Client.MissingHeaderField';
  }
  if (code === 'LOOKUP_SERVICE_UNKNOWN') {
    return `${side}.UnknownService`;
  }
  if (code.startsWith('ACCESS_') || code.endsWith('_SUSPENDED')) {
    return `${side}.AccessDenied`;
  }
  if (
    code === 'PROVIDER_UNAVAILABLE' ||
    code === 'LOOKUP_PROVIDER_UNAVAILABLE' ||
    code.startsWith('BUS_')
  ) {
    return `${side}.NetworkError`;
  }
  if (code === 'PROVIDER_ANSWER_INVALID' || code === 'PROVIDER_REFUSED') {
    return `${side}.ServiceFailed`;
  }
  if (code === 'LOOKUP_REPLY_INVALID') {
    return `${side}.InvalidResponse`;
  }
  if (code.startsWith('CONFIG_')) {
    return `${side}.OutdatedGlobalConf`;
  }
  if (code.startsWith('AUDIT_')) {
    return `${side}.LoggingFailed`;
  }
  if (code.startsWith('PKI_')) {
    return `${side}.CertValidation`;
  }
  if (code.startsWith('ENVELOPE_')) {
    return `${side}.InvalidMessage`;
  }
  if (code === 'LOOKUP_OVERLOADED') {
    return `${side}.Overloaded`;
  }
  return `${side}.InternalError`;
}
