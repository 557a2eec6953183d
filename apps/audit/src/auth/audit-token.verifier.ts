import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { IssuerTrust } from '@lienthong/access-tokens';
import { CommonError } from '@lienthong/errors';
import type { AuditConfig } from '../audit.config';

/** Roles that may call the audit API; a `leader` reads aggregate figures only. */
export type AuditRole = 'auditor' | 'operator' | 'citizen' | 'leader';

/** The caller, from a verified bearer token. */
export type AuditPrincipal =
  | {
      readonly role: 'auditor' | 'operator' | 'leader';
      readonly id: string;
      /** Agency the staff member acts for (claim `agency`), when the token names one. */
      readonly agency?: string;
    }
  | { readonly role: 'citizen'; readonly id: string; readonly personalId: string };

/** A short, printable agency name; anything else in the claim is ignored. */
const AGENCY = /^[\x21-\x7e][\x20-\x7e]{0,63}$/;

const invalid = (message: string, cause?: unknown) =>
  new CommonError('AUTH_TOKEN_INVALID', message, cause === undefined ? undefined : { cause });

/**
 * Verifies the two kinds of bearer tokens the audit API accepts, both ES256 JWTs for audience
 * `lienthong-audit` with an expiry: staff tokens of the operator issuer (keys from its JWKS, role
 * auditor or operator) and citizen tokens of the portal issuer (one public key, role citizen,
 * claim `personalId`). The unverified `iss` only picks the key; the issuer is then pinned again.
 */
export class AuditTokenVerifier {
  private readonly operatorKeys: ReturnType<typeof createLocalJWKSet>;
  private readonly portalKey: KeyObject;

  constructor(
    private readonly tokens: AuditConfig['tokens'],
    material: { operatorJwks: JSONWebKeySet; portalPublicKeyPem: string },
    private readonly issuers: IssuerTrust = IssuerTrust.none(),
  ) {
    this.operatorKeys = createLocalJWKSet(material.operatorJwks);
    this.portalKey = createPublicKey(material.portalPublicKeyPem);
  }

  /** Reads the key material named by the configuration (once, at boot). */
  static fromFiles(tokens: AuditConfig['tokens']): AuditTokenVerifier {
    return new AuditTokenVerifier(
      tokens,
      {
        operatorJwks: JSON.parse(readFileSync(tokens.operator.jwksFile, 'utf8')) as JSONWebKeySet,
        portalPublicKeyPem: readFileSync(tokens.portal.publicKeyFile, 'utf8'),
      },
      tokens.issuersFile ? IssuerTrust.fromFile(tokens.issuersFile) : IssuerTrust.none(),
    );
  }

  /** Verifies a compact JWS; throws AUTH_TOKEN_INVALID. */
  async verify(token: string): Promise<AuditPrincipal> {
    if (this.issuers.accepts(token)) {
      return this.issued(token);
    }
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch (error) {
      throw invalid('bearer token is not a JWT', error);
    }
    if (issuer === this.tokens.operator.issuer) {
      return this.staff(await this.check(token, 'operator', issuer));
    }
    if (issuer === this.tokens.portal.issuer) {
      return this.citizen(await this.check(token, 'portal', issuer));
    }
    throw invalid('bearer token is from an unknown issuer');
  }

  private async check(
    token: string,
    keys: 'operator' | 'portal',
    issuer: string,
  ): Promise<JWTPayload> {
    const options = {
      algorithms: ['ES256'],
      issuer,
      audience: this.tokens.audience,
      requiredClaims: ['sub', 'exp', 'role'],
    };
    try {
      const { payload } =
        keys === 'operator'
          ? await jwtVerify(token, this.operatorKeys, options)
          : await jwtVerify(token, this.portalKey, options);
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw invalid(`token rejected: ${error.code}`, error);
      }
      throw error;
    }
  }

  /** An identity provider's access token: staff with their agency, or a citizen with their id. */
  private async issued(token: string): Promise<AuditPrincipal> {
    const verified = await this.issuers.verify(token);
    if (verified.role === 'citizen') {
      if (verified.personalId === undefined) {
        throw invalid('a citizen token must carry a personal id');
      }
      return { role: 'citizen', id: verified.subject, personalId: verified.personalId };
    }
    if (verified.role !== 'auditor' && verified.role !== 'operator' && verified.role !== 'leader') {
      throw invalid(`role ${verified.role} may not use the audit API`);
    }
    return {
      role: verified.role,
      id: verified.subject,
      ...(verified.member !== undefined ? { agency: verified.member } : {}),
    };
  }

  private staff(payload: JWTPayload): AuditPrincipal {
    const role = payload['role'];
    if (role !== 'auditor' && role !== 'operator' && role !== 'leader') {
      throw invalid(`an operator-issued token cannot carry role ${String(role)}`);
    }
    const agency = payload['agency'];
    return {
      role,
      id: payload.sub as string,
      ...(typeof agency === 'string' && AGENCY.test(agency) ? { agency } : {}),
    };
  }

  private citizen(payload: JWTPayload): AuditPrincipal {
    const personalId = payload['personalId'];
    if (payload['role'] !== 'citizen' || typeof personalId !== 'string' || personalId === '') {
      throw invalid('a portal token must carry role citizen and a personalId');
    }
    return { role: 'citizen', id: payload.sub as string, personalId };
  }
}
