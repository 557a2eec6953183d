import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import { type Request } from 'express';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { IssuerTrust } from '@lienthong/access-tokens';
import { CommonError } from '@lienthong/errors';

/** Who may call the operator API, and how their tokens are checked. */
export interface OperatorAuthOptions {
  /** Public keys of the operator token issuer (JWKS, ES256). */
  readonly jwks: JSONWebKeySet;
  readonly issuer: string;
  readonly audience: string;
  /** Identity providers whose access tokens are accepted too (roles operator, auditor). */
  readonly issuers?: IssuerTrust;
}

/** A request the guard let through, with the verified token's subject (`sub`). */
type OperatorRequest = Request & { operatorSubject?: string };

/**
 * The subject (`sub`) of the verified operator token, for the registry's own records of who
 * changed what. Only on routes behind the guard (not the public ones).
 */
export const OperatorSubject = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const subject = context.switchToHttp().getRequest<OperatorRequest>().operatorSubject;
    if (subject === undefined) {
      throw new CommonError('AUTH_TOKEN_MISSING', 'an operator bearer token is required');
    }
    return subject;
  },
);

/** Roles an operator token may carry. */
export type OperatorRole = 'operator' | 'auditor';

// Trust material, health and API docs are public: adapters fetch the CA before they have tokens.
const PUBLIC_PATHS = [/^\/health$/, /^\/metrics$/, /^\/v1\/ca$/, /^\/docs(\/|-json|-yaml|$)/];
const READ_METHODS = new Set(['GET', 'HEAD']);

function rolesOf(payload: Record<string, unknown>): string[] {
  const { role, roles } = payload;
  if (typeof role === 'string') {
    return [role];
  }
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Bearer-JWT guard of the operator API: ES256 only, issuer and audience pinned, expiry required
 * (RFC 8725). Writes need role `operator`; reads `operator` or `auditor`.
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly options: OperatorAuthOptions) {
    this.keys = createLocalJWKSet(options.jwks);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (PUBLIC_PATHS.some((pattern) => pattern.test(request.path))) {
      return true;
    }
    const payload = await this.verify(request.headers.authorization);
    const roles = rolesOf(payload);
    const allowed: readonly OperatorRole[] = READ_METHODS.has(request.method)
      ? ['operator', 'auditor']
      : ['operator'];
    if (!roles.some((role) => (allowed as readonly string[]).includes(role))) {
      throw new CommonError(
        'AUTH_ROLE_FORBIDDEN',
        `${request.method} needs role ${allowed.join(' or ')}`,
      );
    }
    if (typeof payload['sub'] === 'string') {
      (request as OperatorRequest).operatorSubject = payload['sub'];
    }
    return true;
  }

  private async verify(header: string | undefined): Promise<Record<string, unknown>> {
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '');
    if (match === null) {
      throw new CommonError('AUTH_TOKEN_MISSING', 'an operator bearer token is required');
    }
    if (this.options.issuers?.accepts(match[1])) {
      const principal = await this.options.issuers.verify(match[1]);
      return { sub: principal.subject, role: principal.role };
    }
    try {
      const { payload } = await jwtVerify(match[1], this.keys, {
        algorithms: ['ES256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw new CommonError('AUTH_TOKEN_INVALID', `token rejected: ${error.code}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
