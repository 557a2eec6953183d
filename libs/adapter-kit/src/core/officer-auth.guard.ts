import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { jwtVerify } from 'jose';
import { IssuerTrust } from '@lienthong/access-tokens';
import { CommonError } from '@lienthong/errors';
import { OFFICER_TOKEN_VERIFIER } from './adapter-kit.constants';

const MAX_CACHED_TOKENS = 10_000;

/**
 * Roles an agency's own users can hold (README: who uses the bus). A `leader` reads aggregate
 * figures only, never a record about a person.
 */
export type OfficerRole = 'officer' | 'auditor' | 'operator' | 'citizen' | 'leader';

const OFFICER_ROLES: readonly string[] = ['officer', 'auditor', 'operator', 'citizen', 'leader'];

/** The authenticated caller of a consumer API, taken from a verified bearer token. */
export interface OfficerPrincipal {
  readonly id: string;
  readonly role: OfficerRole;
  readonly member: string;
  readonly unit?: string;
  readonly name?: string;
  /** A citizen's own personal id (role citizen only). */
  readonly personalId?: string;
}

const ROLES = Symbol('ROLES');

/** Route metadata: which roles may call this handler. Routes without it are public. */
export const Roles = (...roles: OfficerRole[]) => SetMetadata(ROLES, roles);

const ROLE_NAMES: readonly OfficerRole[] = ['officer', 'auditor', 'operator', 'citizen', 'leader'];

/**
 * Verifies the bearer tokens of an adapter's consumer API: access tokens of the identity
 * providers listed in `TOKEN_ISSUERS_FILE` (the agency's own IdP, the national citizen IdP; keys
 * from their JWKS, claims mapped per issuer), and the tokens of the agency's local key (JWT,
 * ES256/EdDSA, minted by `lt token` with the key the launcher generated). A staff token must act
 * for this agency (AUTH_MEMBER_FORBIDDEN); a citizen token must carry the citizen's personal id.
 */
export class OfficerTokenVerifier {
  private readonly key: KeyObject | undefined;

  constructor(
    publicKeyPem: string | undefined,
    private readonly member: string,
    private readonly issuers: IssuerTrust = IssuerTrust.none(),
  ) {
    this.key = publicKeyPem === undefined ? undefined : createPublicKey(publicKeyPem);
  }

  static fromFile(
    path: string | undefined,
    member: string,
    issuersFile?: string,
  ): OfficerTokenVerifier {
    return new OfficerTokenVerifier(
      path === undefined ? undefined : readFileSync(path, 'utf8'),
      member,
      issuersFile === undefined ? IssuerTrust.none() : IssuerTrust.fromFile(issuersFile),
    );
  }

  /**
   * Verified tokens, until they expire: an officer's session sends the same token with every
   * request, and an ECDSA verification per request is a measurable share of a look-up's CPU.
   */
  private readonly verified = new Map<string, { principal: OfficerPrincipal; expiresAt: number }>();

  async verify(token: string): Promise<OfficerPrincipal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.principal;
    }
    this.verified.delete(token);
    const { principal, expiresAt } = await this.verifyNow(token);
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      // Maps iterate in insertion order: drop the oldest entry
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, { principal, expiresAt });
    return principal;
  }

  private verifyIssued(token: string): Promise<{ principal: OfficerPrincipal; expiresAt: number }> {
    return principalOfIssued(this.issuers, token, this.member);
  }

  private async verifyNow(
    token: string,
  ): Promise<{ principal: OfficerPrincipal; expiresAt: number }> {
    if (this.issuers.accepts(token)) {
      return this.verifyIssued(token);
    }
    if (!this.key) {
      throw new CommonError('AUTH_TOKEN_INVALID', 'bearer token is from an unknown issuer');
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: `lienthong:${this.member}`,
        audience: `lienthong:${this.member}`,
        algorithms: ['ES256', 'EdDSA'],
        requiredClaims: ['sub', 'exp', 'role'],
      });
      const role = payload['role'];
      if (typeof role !== 'string' || !OFFICER_ROLES.includes(role)) {
        throw new Error(`unknown role ${String(role)}`);
      }
      const principal: OfficerPrincipal = {
        id: payload.sub as string,
        role: role as OfficerRole,
        member: this.member,
        ...(typeof payload['unit'] === 'string' ? { unit: payload['unit'] } : {}),
        ...(typeof payload['name'] === 'string' ? { name: payload['name'] } : {}),
      };
      return { principal, expiresAt: (payload.exp as number) * 1000 };
    } catch (error) {
      throw new CommonError('AUTH_TOKEN_INVALID', 'bearer token is invalid or expired', {
        cause: error,
      });
    }
  }
}

/**
 * An identity provider's access token, mapped: staff of another agency are refused here, as is
 * a citizen token without a personal id.
 */
async function principalOfIssued(
  issuers: IssuerTrust,
  token: string,
  member: string,
): Promise<{ principal: OfficerPrincipal; expiresAt: number }> {
  const verified = await issuers.verify(token);
  const role = ROLE_NAMES.find((r) => r === verified.role);
  if (role === undefined) {
    throw new CommonError('AUTH_TOKEN_INVALID', `role ${verified.role} is not a role here`);
  }
  if (role === 'citizen') {
    if (verified.personalId === undefined) {
      throw new CommonError('AUTH_TOKEN_INVALID', 'a citizen token must carry a personal id');
    }
  } else if (verified.member !== member) {
    throw new CommonError(
      'AUTH_MEMBER_FORBIDDEN',
      `this is the ${member} adapter; the token acts for ${verified.member ?? 'no agency'}`,
    );
  }
  const principal: OfficerPrincipal = {
    id: verified.subject,
    role,
    member,
    ...(verified.unit !== undefined ? { unit: verified.unit } : {}),
    ...(verified.name !== undefined ? { name: verified.name } : {}),
    ...(role === 'citizen' ? { personalId: verified.personalId } : {}),
  };
  return { principal, expiresAt: verified.expiresAt };
}

/** Enforces `@Roles(...)`: 401 without a valid token, 403 with a role that may not call the route. */
@Injectable()
export class OfficerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(OFFICER_TOKEN_VERIFIER) private readonly verifier: OfficerTokenVerifier | null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<OfficerRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request & { principal?: OfficerPrincipal }>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new CommonError('AUTH_TOKEN_MISSING', 'an Authorization: Bearer token is required');
    }
    if (!this.verifier) {
      throw new CommonError('AUTH_TOKEN_INVALID', 'this service accepts no officer tokens');
    }
    const principal = await this.verifier.verify(header.slice('Bearer '.length).trim());
    if (!roles.includes(principal.role)) {
      throw new CommonError(
        'AUTH_ROLE_FORBIDDEN',
        `role ${principal.role} may not call this endpoint`,
      );
    }
    request.principal = principal;
    return true;
  }
}
