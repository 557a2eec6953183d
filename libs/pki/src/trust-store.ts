import {
  normalizeSerialNumber,
  readCertificate,
  type CertificateInfo,
  type ParsedCertificate,
} from './certificate';
import { PkiError, type PkiErrorCode } from './pki.errors';
import { x509 } from './x509-provider';

/**
 * A revoked certificate, named by thumbprint (base64url SHA-256 of the DER) or by serial number
 * (hex, any case, leading zeros ignored). Serials are matched regardless of issuer: the bus CAs
 * use 128-bit random serials, so a collision across its CAs is not a practical concern.
 */
export interface Revocation {
  thumbprint?: string;
  serialNumber?: string;
}

/** A member's suspension as a trust store knows it (the global configuration's `members[].suspension`). */
export interface MemberSuspension {
  /** When the operator suspended the member. */
  readonly since: string;
  /** When the suspension ends by itself; absent: until a configuration without the mark. */
  readonly until?: string;
}

/** Input of {@link TrustStore}: PEM certificates, typically from the global configuration. */
export interface TrustStoreInput {
  /** Trust anchors (the bus root CA); a chain must end in one of them. */
  anchors: string[];
  /** CA certificates that may appear between a member certificate and an anchor. */
  intermediates?: string[];
  /** Registered member certificates, found by thumbprint in {@link TrustStore.resolve}. */
  certificates: string[];
  revoked?: Iterable<Revocation>;
}

type ChainResult =
  | { ok: true; chain: readonly ParsedCertificate[] }
  | { ok: false; code: keyof typeof PkiErrorCode; message: string };

// a member certificate, at most a few issuing CAs, the root: deeper chains are an attack or a mistake
const MAX_CHAIN_LENGTH = 6;
// bounds the memory an attacker can make us spend by sending ever new certificates to verify
const MAX_FOREIGN_CACHE = 1024;

/**
 * The certificates a verifier trusts. Chains are built and their signatures checked once per
 * certificate and cached by thumbprint; validity at the requested time and revocation are
 * checked on every call (a few comparisons and set look-ups).
 */
export class TrustStore {
  readonly #anchors = new Set<string>();
  readonly #cas: ParsedCertificate[] = [];
  readonly #members = new Map<string, ParsedCertificate>();
  // registered certificates by their PEM text: callers holding the configuration's PEM strings
  // (document signers' certificates, evidence) skip the parse
  readonly #membersByPem = new Map<string, ParsedCertificate>();
  readonly #chains = new Map<string, ChainResult>();
  readonly #foreign = new Map<string, ChainResult>();
  readonly #revokedThumbprints = new Set<string>();
  readonly #revokedSerials = new Set<string>();

  /**
   * The member's suspension if one applies at `at`. A plain store knows none; the store of a
   * verified global configuration (libs/trust) overrides this, so every verifier built on it
   * refuses a suspended sender without further wiring.
   */
  suspension(_member: string, _at: Date): MemberSuspension | undefined {
    return undefined;
  }

  /** Parses every certificate once; throws PKI_CERT_INVALID for a malformed one or a non-CA anchor. */
  constructor(input: TrustStoreInput) {
    for (const pem of input.anchors) {
      const anchor = asCa(readCertificate(pem), 'trust anchor');
      this.#anchors.add(anchor.info.thumbprint);
      this.#cas.push(anchor);
    }
    for (const pem of input.intermediates ?? []) {
      this.#cas.push(asCa(readCertificate(pem), 'intermediate'));
    }
    for (const pem of input.certificates) {
      const member = readCertificate(pem);
      this.#members.set(member.info.thumbprint, member);
      this.#membersByPem.set(pem, member);
    }
    for (const revocation of input.revoked ?? []) {
      if (revocation.thumbprint) {
        this.#revokedThumbprints.add(revocation.thumbprint);
      }
      if (revocation.serialNumber) {
        this.#revokedSerials.add(normalizeSerialNumber(revocation.serialNumber));
      }
    }
  }

  /** Finds the member certificate with this thumbprint and checks chain to an anchor, validity at `at`, revocation. */
  resolve(kid: string, at: Date): CertificateInfo {
    const member = typeof kid === 'string' ? this.#members.get(kid) : undefined;
    if (!member) {
      throw new PkiError('PKI_CERT_UNKNOWN', 'no registered certificate has this kid', {
        details: { kid: String(kid).slice(0, 64) },
      });
    }
    return this.#check(member, this.#chainOf(member, this.#chains), at);
  }

  /** Same checks for a certificate given in full (e.g. from an evidence bundle). */
  verifyCertificate(pem: string, at: Date): CertificateInfo {
    const known = this.#membersByPem.get(pem);
    if (known) {
      return this.#check(known, this.#chainOf(known, this.#chains), at);
    }
    const parsed = readCertificate(pem);
    const registered = this.#members.get(parsed.info.thumbprint);
    if (registered) {
      return this.#check(registered, this.#chainOf(registered, this.#chains), at);
    }
    if (this.#foreign.size >= MAX_FOREIGN_CACHE) {
      this.#foreign.clear();
    }
    return this.#check(parsed, this.#chainOf(parsed, this.#foreign), at);
  }

  #chainOf(leaf: ParsedCertificate, cache: Map<string, ChainResult>): ChainResult {
    let result = cache.get(leaf.info.thumbprint);
    if (!result) {
      result = this.#buildChain(leaf);
      cache.set(leaf.info.thumbprint, result);
    }
    return result;
  }

  #check(leaf: ParsedCertificate, result: ChainResult, at: Date): CertificateInfo {
    if (!result.ok) {
      // a fresh error per call: the cached one would carry the stack of the first caller
      throw new PkiError(result.code, result.message, {
        details: { thumbprint: leaf.info.thumbprint },
      });
    }
    const time = at instanceof Date ? at.getTime() : Number.NaN;
    if (Number.isNaN(time)) {
      throw new PkiError('PKI_CERT_INVALID', 'verification time is not a valid date');
    }
    for (const certificate of result.chain) {
      this.#checkOne(certificate, time);
    }
    return leaf.info;
  }

  #checkOne(certificate: ParsedCertificate, time: number): void {
    const { info } = certificate;
    const details = { thumbprint: info.thumbprint, subject: info.subject };
    if (
      this.#revokedThumbprints.has(info.thumbprint) ||
      this.#revokedSerials.has(info.serialNumber)
    ) {
      throw new PkiError('PKI_CERT_REVOKED', `certificate ${info.subject} is revoked`, { details });
    }
    if (time < certificate.notBeforeMs) {
      throw new PkiError('PKI_CERT_NOT_YET_VALID', `certificate ${info.subject} is not yet valid`, {
        details: { ...details, notBefore: info.notBefore.toISOString() },
      });
    }
    if (time > certificate.notAfterMs) {
      throw new PkiError('PKI_CERT_EXPIRED', `certificate ${info.subject} has expired`, {
        details: { ...details, notAfter: info.notAfter.toISOString() },
      });
    }
  }

  #buildChain(leaf: ParsedCertificate): ChainResult {
    const memberProblem = memberProfileProblem(leaf);
    if (memberProblem) {
      return memberProblem;
    }
    const chain: ParsedCertificate[] = [leaf];
    const seen = new Set([leaf.info.thumbprint]);
    for (let current = leaf; chain.length < MAX_CHAIN_LENGTH;) {
      const parent = this.#issuerOf(current, chain.length - 1, seen);
      if (!parent) {
        return untrusted(`no trusted CA issued ${current.info.subject}`);
      }
      chain.push(parent);
      if (this.#anchors.has(parent.info.thumbprint)) {
        return { ok: true, chain };
      }
      seen.add(parent.info.thumbprint);
      current = parent;
    }
    return untrusted('certificate chain is too long');
  }

  /**
   * A CA that names `child`'s issuer, holds keyCertSign, allows `intermediatesBelow` CAs under it
   * (pathLen) and whose key verifies `child`'s signature.
   */
  #issuerOf(
    child: ParsedCertificate,
    intermediatesBelow: number,
    seen: ReadonlySet<string>,
  ): ParsedCertificate | undefined {
    return this.#cas.find(
      (ca) =>
        !seen.has(ca.info.thumbprint) &&
        (ca.pathLength === undefined || intermediatesBelow <= ca.pathLength) &&
        child.native.checkIssued(ca.native) &&
        child.native.verify(ca.info.publicKey),
    );
  }
}

function asCa(parsed: ParsedCertificate, role: string): ParsedCertificate {
  const canSign =
    parsed.keyUsage === undefined || (parsed.keyUsage & x509.KeyUsageFlags.keyCertSign) !== 0;
  if (!parsed.info.isCa || !canSign) {
    throw new PkiError(
      'PKI_CERT_INVALID',
      `${role} ${parsed.info.subject} is not a CA certificate`,
    );
  }
  return parsed;
}

function memberProfileProblem(leaf: ParsedCertificate): ChainResult | undefined {
  if (leaf.info.isCa || leaf.info.identity === null) {
    return {
      ok: false,
      code: 'PKI_CERT_NOT_MEMBER',
      message: `certificate ${leaf.info.subject} does not name a member subsystem`,
    };
  }
  if (leaf.keyUsage !== undefined && (leaf.keyUsage & x509.KeyUsageFlags.digitalSignature) === 0) {
    return {
      ok: false,
      code: 'PKI_CERT_INVALID',
      message: `certificate ${leaf.info.subject} may not make digital signatures`,
    };
  }
  return undefined;
}

function untrusted(message: string): ChainResult {
  return { ok: false, code: 'PKI_CERT_UNTRUSTED', message };
}
