import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonError } from '@lienthong/errors';
import { AUDIT_TOKEN_VERIFIER } from '../audit.constants';
import { AuditQueryRecorder } from '../query-log/audit-query.recorder';
import { AUDITED_QUERY, type AuditedQuerySpec } from '../query-log/audited-query';
import type { AuditPrincipal, AuditRole, AuditTokenVerifier } from './audit-token.verifier';

const ROLES = Symbol('AUDIT_ROLES');

type AuthedRequest = Request & { auditPrincipal?: AuditPrincipal };

/** Route metadata: the roles that may call it. Routes without it are public. */
export const AuditRoles = (...roles: AuditRole[]) => SetMetadata(ROLES, roles);

/** The verified caller of a route guarded by {@link AuditAuthGuard}. */
export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuditPrincipal | undefined =>
    context.switchToHttp().getRequest<AuthedRequest>().auditPrincipal,
);

/**
 * Enforces `@AuditRoles(...)`: 401 without a valid token, 403 for a role not listed. On a route
 * marked `@AuditedQuery`, a refusal is recorded in the log before it is answered (who, as far as
 * the token verified; what; the code).
 */
@Injectable()
export class AuditAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUDIT_TOKEN_VERIFIER) private readonly verifier: AuditTokenVerifier,
    private readonly recorder: AuditQueryRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<AuditRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    let principal: AuditPrincipal | undefined;
    try {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(request.headers.authorization ?? '');
      if (match === null) {
        throw new CommonError('AUTH_TOKEN_MISSING', 'an Authorization: Bearer token is required');
      }
      principal = await this.verifier.verify(match[1]);
      if (!roles.includes(principal.role)) {
        throw new CommonError('AUTH_ROLE_FORBIDDEN', `role ${principal.role} may not call this`);
      }
    } catch (error) {
      // A wrong role is recorded with who it was; a token that did not verify names nobody.
      const audited = this.reflector.get<AuditedQuerySpec | undefined>(
        AUDITED_QUERY,
        context.getHandler(),
      );
      if (audited !== undefined) {
        await this.recorder.start(audited, request, principal).refused(error);
      }
      throw error;
    }
    request.auditPrincipal = principal;
    return true;
  }
}
