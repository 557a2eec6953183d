import { type KeyObject } from 'node:crypto';
import { signRaw, type SigningAlgorithm } from './algorithms';
import { readCertificate, type CertificateInfo } from './certificate';
import { type MemberIdentity } from './member-identity';
import { PkiError } from './pki.errors';
import { assertPrivate, importPrivateKeyPem, keysMatch } from './private-key';

/** Input of {@link Signer.fromKeyObject}. */
export interface SignerKeyInput {
  privateKey: KeyObject;
  /** The member certificate of this key. */
  certificatePem: string;
  /** The certificate's issuers, nearest first (e.g. the issuing CA's `chainPems`). */
  chainPems?: string[];
  /** For RSA keys: RS256 (default) or PS256. Other key types have exactly one algorithm. */
  alg?: SigningAlgorithm;
}

/** Input of {@link Signer.fromPem}. */
export interface SignerPemInput extends Omit<SignerKeyInput, 'privateKey'> {
  /** PKCS#8 PEM, read once here; never on a signature. */
  privateKeyPem: string;
}

// header names a signer may not set through `extraProtected`: they decide which key and which
// bytes are verified, so only this class writes them
const RESERVED_HEADERS = new Set(['alg', 'kid', 'b64', 'crit', 'jwk', 'jku', 'x5u', 'x5c']);
const DOT = Buffer.from('.');

/**
 * A member's signing key with its certificate. The private KeyObject lives in a private field and
 * never leaves this class; signatures are made natively by node:crypto on the KeyObject loaded once.
 */
export class Signer {
  readonly #privateKey: KeyObject;
  /** ASCII of base64url(protected header) + '.', for the common case without extra headers. */
  readonly #defaultSigningPrefix: Buffer;

  /** JWS algorithm of every signature this signer makes. */
  readonly alg: SigningAlgorithm;
  /** Certificate thumbprint, written as the JWS `kid`. */
  readonly kid: string;
  /** Member and subsystem named by the certificate. */
  readonly identity: MemberIdentity;
  readonly certificate: CertificateInfo;
  /** Issuers of the certificate, nearest first, as given. */
  readonly chainPems: readonly string[];

  private constructor(privateKey: KeyObject, certificate: CertificateInfo, input: SignerKeyInput) {
    const identity = certificate.identity;
    if (identity === null) {
      throw new PkiError('PKI_CERT_NOT_MEMBER', 'signing certificate does not name a member');
    }
    if (!keysMatch(privateKey, certificate.publicKey)) {
      throw new PkiError('PKI_KEY_INVALID', 'private key does not belong to the certificate');
    }
    this.#privateKey = privateKey;
    this.alg = chooseAlgorithm(certificate, input.alg);
    this.kid = certificate.thumbprint;
    this.identity = identity;
    this.certificate = certificate;
    this.chainPems = Object.freeze(
      (input.chainPems ?? []).map((pem) => readCertificate(pem).info.pem),
    );
    this.#defaultSigningPrefix = this.#signingPrefix(undefined);
  }

  /** Loads the key from PKCS#8 PEM once. */
  static fromPem(input: SignerPemInput): Signer {
    return Signer.fromKeyObject({ ...input, privateKey: importPrivateKeyPem(input.privateKeyPem) });
  }

  /** Wraps a loaded private KeyObject. */
  static fromKeyObject(input: SignerKeyInput): Signer {
    assertPrivate(input.privateKey);
    return new Signer(input.privateKey, readCertificate(input.certificatePem).info, input);
  }

  /** Raw signature in JWS encoding (ES256 = IEEE P1363 r||s). */
  sign(data: Uint8Array): Buffer {
    return signRaw(this.alg, this.#privateKey, data);
  }

  /**
   * RFC 7515 detached JWS with RFC 7797 unencoded payload: protected {alg, kid, b64:false, crit:['b64'], ...extra};
   * returns 'protected..signature'. The signing input is the exact payload bytes, so the verifier
   * must be given the same bytes (no re-serialisation). `extraProtected` may add e.g. `typ` but
   * not override the reserved names (alg, kid, b64, crit, jwk, jku, x5u, x5c).
   */
  signDetachedJws(payload: Uint8Array, extraProtected?: Record<string, unknown>): string {
    const prefix = extraProtected
      ? this.#signingPrefix(extraProtected)
      : this.#defaultSigningPrefix;
    const signature = this.sign(Buffer.concat([prefix, payload]));
    return `${prefix.toString('ascii')}.${signature.toString('base64url')}`;
  }

  #signingPrefix(extra: Record<string, unknown> | undefined): Buffer {
    for (const name of Object.keys(extra ?? {})) {
      if (RESERVED_HEADERS.has(name)) {
        throw new PkiError('PKI_JWS_MALFORMED', `protected header ${name} is set by the signer`);
      }
    }
    const header = { alg: this.alg, kid: this.kid, b64: false, crit: ['b64'], ...extra };
    const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
    return Buffer.concat([Buffer.from(encoded, 'ascii'), DOT]);
  }
}

function chooseAlgorithm(
  certificate: CertificateInfo,
  wanted?: SigningAlgorithm,
): SigningAlgorithm {
  const alg = wanted ?? certificate.algorithms[0];
  if (alg === undefined || !certificate.algorithms.includes(alg)) {
    throw new PkiError('PKI_ALGORITHM_REJECTED', `algorithm ${String(alg)} does not fit the key`, {
      details: { allowed: [...certificate.algorithms] },
    });
  }
  return alg;
}
