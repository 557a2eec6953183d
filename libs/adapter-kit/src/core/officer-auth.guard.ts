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
}

const ROLES = Symbol('ROLES');

/** Route metadata: which roles may call this handler. Routes without it are public. */
export const Roles = (...roles: OfficerRole[]) => SetMetadata(ROLES, roles);

/**
 * Verifies officer bearer tokens (JWT, ES256/EdDSA) issued by the agency's own identity provider.
 * Locally `lt token` mints them with the key the launcher generated; in production the agency's IdP.
 */
export class OfficerTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    publicKeyPem: string,
    private readonly member: string,
  ) {
    this.key = createPublicKey(publicKeyPem);
  }

  static fromFile(path: string, member: string): OfficerTokenVerifier {
    return new OfficerTokenVerifier(readFileSync(path, 'utf8'), member);
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

  private async verifyNow(
    token: string,
  ): Promise<{ principal: OfficerPrincipal; expiresAt: number }> {
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
