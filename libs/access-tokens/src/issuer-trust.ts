import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { CommonError } from '@lienthong/errors';

/**
 * Where each fact of a principal is read in an issuer's tokens. Every identity provider names
 * its claims its own way (an agency's directory, the national citizen IdP, a client-credentials
 * server for machine clients); the mapping is written down per issuer, never guessed.
 */
export interface ClaimMapping {
  /** Claim holding the role (a string, or an array of which the first allowed one is taken). */
  readonly role?: string;
  /** Claim naming the member (agency) the person acts for. */
  readonly member?: string;
  /** Claim naming their unit (e.g. a commune's justice office). */
  readonly unit?: string;
  /** Claim with their display name. */
  readonly name?: string;
  /** Claim with a citizen's personal id (12 digits). */
  readonly personalId?: string;
}

/** One trusted issuer of access tokens. */
export interface TokenIssuer {
  /** Exact `iss` value. */
  readonly issuer: string;
  /** JWKS of the issuer, fetched and cached (rotated keys are fetched again). */
  readonly jwksUri?: string;
  /** Or its JWKS from a file (an issuer whose keys are distributed out of band). */
  readonly jwksFile?: string;
  /** Accepted `aud` value(s): at least one must be in the token. */
  readonly audience: string | readonly string[];
  /** Accepted signature algorithms; asymmetric only. Default ES256, EdDSA, PS256, RS256. */
  readonly algorithms?: readonly string[];
  /** Roles this issuer may assert; a token naming none of them is refused. */
  readonly roles: readonly string[];
  readonly claims?: ClaimMapping;
  /**
   * The member every principal of this issuer acts for, when the issuer is one agency's own
   * directory; a token that names another member in its member claim is refused.
   */
  readonly member?: string;
}

/** A caller whose access token verified, with its claims mapped. */
export interface TokenPrincipal {
  readonly issuer: string;
  readonly subject: string;
  readonly role: string;
  readonly member?: string;
  readonly unit?: string;
  readonly name?: string;
  readonly personalId?: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const DEFAULT_ALGORITHMS = ['ES256', 'EdDSA', 'PS256', 'RS256'] as const;
const ASYMMETRIC = /^(ES(256|384|512)|EdDSA|Ed25519|PS(256|384|512)|RS(256|384|512))$/;
const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const PERSONAL_ID = /^[0-9]{12}$/;
const PRINTABLE = /^[^\p{Cc}]{1,200}$/u;

const invalid = (message: string, cause?: unknown) =>
  new CommonError('AUTH_TOKEN_INVALID', message, cause === undefined ? undefined : { cause });

function textClaim(payload: JWTPayload, name: string | undefined): string | undefined {
  const value = name === undefined ? undefined : payload[name];
  return typeof value === 'string' && PRINTABLE.test(value) ? value : undefined;
}

/** Checks one issuer entry; throws with every problem found. */
function checkIssuer(entry: TokenIssuer, index: number): string[] {
  const where = `token issuer ${index} (${String(entry?.issuer)})`;
  const problems: string[] = [];
  if (typeof entry?.issuer !== 'string' || entry.issuer === '') {
    problems.push(`${where}: issuer is required`);
  }
  if (!entry?.jwksUri === !entry?.jwksFile) {
    problems.push(`${where}: give exactly one of jwksUri and jwksFile`);
  }
  if (entry?.jwksUri !== undefined && !/^https?:\/\//.test(entry.jwksUri)) {
    problems.push(`${where}: jwksUri must be an http(s) URL`);
  }
  const audience = entry?.audience;
  if (
    !(typeof audience === 'string' && audience !== '') &&
    !(Array.isArray(audience) && audience.length > 0)
  ) {
    problems.push(`${where}: audience is required`);
  }
  if (!Array.isArray(entry?.roles) || entry.roles.length === 0) {
    problems.push(`${where}: roles lists the roles it may assert`);
  }
  for (const alg of entry?.algorithms ?? []) {
    if (!ASYMMETRIC.test(alg)) {
      problems.push(`${where}: algorithm ${alg} is not an asymmetric signature algorithm`);
    }
  }
  if (entry?.member !== undefined && !MEMBER.test(entry.member)) {
    problems.push(`${where}: member must be a member code`);
  }
  return problems;
}

/**
 * The issuers whose access tokens a service accepts, each through its JWKS (RFC 7517), with the
 * audience, the algorithms and the mapping of its claims to a principal written down per issuer.
 * The unverified `iss` only picks the issuer; the signature, `iss`, `aud`, `exp` and `nbf` are
 * then checked against that issuer alone (RFC 8725 §3.8–3.9). Used for people signed in to the
 * console (each agency's IdP, the national citizen IdP) and for machine clients alike.
 */
export class IssuerTrust {
  private readonly entries = new Map<
    string,
    { readonly issuer: TokenIssuer; readonly keys: JWTVerifyGetKey }
  >();

  constructor(issuers: readonly TokenIssuer[]) {
    const problems = issuers.flatMap(checkIssuer);
    const seen = new Set<string>();
    for (const entry of issuers) {
      if (seen.has(entry.issuer)) {
        problems.push(`token issuer ${entry.issuer} is listed twice`);
      }
      seen.add(entry.issuer);
    }
    if (problems.length > 0) {
      throw new CommonError('REQUEST_INVALID', `token issuers: ${problems.join('; ')}`);
    }
    for (const issuer of issuers) {
      const keys = issuer.jwksUri
        ? createRemoteJWKSet(new URL(issuer.jwksUri), { cooldownDuration: 30_000 })
        : createLocalJWKSet(
            JSON.parse(readFileSync(issuer.jwksFile as string, 'utf8')) as JSONWebKeySet,
          );
      this.entries.set(issuer.issuer, { issuer, keys });
    }
  }

  /** Reads a JSON array of {@link TokenIssuer} from a file (the `TOKEN_ISSUERS_FILE` of a service). */
  static fromFile(path: string): IssuerTrust {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(parsed)) {
      throw new CommonError('REQUEST_INVALID', `${path}: expected a JSON array of token issuers`);
    }
    return new IssuerTrust(parsed as TokenIssuer[]);
  }

  /** An empty trust: no issuer is accepted. */
  static none(): IssuerTrust {
    return new IssuerTrust([]);
  }

  /** Whether the (unverified) issuer of this token is one of ours: callers pick their verifier. */
  accepts(token: string): boolean {
    return this.entries.has(issuerOf(token) ?? '');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Verifies a compact JWT access token; throws AUTH_TOKEN_INVALID with the reason. */
  async verify(token: string): Promise<TokenPrincipal> {
    const entry = this.entries.get(issuerOf(token) ?? '');
    if (!entry) {
      throw invalid('bearer token is from an unknown issuer');
    }
    const { issuer } = entry;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, entry.keys, {
        issuer: issuer.issuer,
        audience: typeof issuer.audience === 'string' ? issuer.audience : [...issuer.audience],
        algorithms: [...(issuer.algorithms ?? DEFAULT_ALGORITHMS)],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw invalid(`token rejected: ${error.code}`, error);
      }
      throw error;
    }
    return mapClaims(issuer, payload);
  }
}

function issuerOf(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

function mapClaims(issuer: TokenIssuer, payload: JWTPayload): TokenPrincipal {
  const claims = issuer.claims ?? {};
  const raw = payload[claims.role ?? 'role'];
  const asserted = (Array.isArray(raw) ? raw : [raw]).filter(
    (r): r is string => typeof r === 'string',
  );
  const role = issuer.roles.find((r) => asserted.includes(r));
  if (role === undefined) {
    throw invalid(`issuer ${issuer.issuer} may not assert role ${asserted.join(',') || '(none)'}`);
  }
  const claimedMember = textClaim(payload, claims.member);
  if (claimedMember !== undefined && !MEMBER.test(claimedMember)) {
    throw invalid('the member claim is not a member code');
  }
  if (
    issuer.member !== undefined &&
    claimedMember !== undefined &&
    claimedMember !== issuer.member
  ) {
    throw invalid(`issuer ${issuer.issuer} speaks only for member ${issuer.member}`);
  }
  const member = issuer.member ?? claimedMember;
  const personalId = textClaim(payload, claims.personalId);
  if (personalId !== undefined && !PERSONAL_ID.test(personalId)) {
    throw invalid('the personal id claim is not 12 digits');
  }
  const unit = textClaim(payload, claims.unit);
  const name = textClaim(payload, claims.name);
  return {
    issuer: issuer.issuer,
    subject: payload.sub as string,
    role,
    ...(member !== undefined ? { member } : {}),
    ...(unit !== undefined ? { unit } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(personalId !== undefined ? { personalId } : {}),
    expiresAt: (payload.exp as number) * 1000,
  };
}
