import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonError } from '@lienthong/errors';
import {
  DOCUMENT_OFFICERS,
  type DocumentOfficer,
  type DocumentOfficerVerifier,
} from './document-bus';

const DOCUMENT_ROLES = Symbol('DOCUMENT_ROLES');

/** Route metadata of the document API: the officer roles that may call a route. */
export const DocumentRoles = (...roles: string[]) => SetMetadata(DOCUMENT_ROLES, roles);

/** A request that passed {@link DocumentsAuthGuard}. */
export type DocumentRequest = Request & { principal: DocumentOfficer };

/**
 * Bearer-token check of the document API with the kit's officer token verifier: 401 without a
 * valid token, 403 for a role the route does not list. Every document route lists its roles.
 */
@Injectable()
export class DocumentsAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(DOCUMENT_OFFICERS) private readonly verifier: DocumentOfficerVerifier | null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles =
      this.reflector.getAllAndOverride<string[] | undefined>(DOCUMENT_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const request = context.switchToHttp().getRequest<Request & { principal?: DocumentOfficer }>();
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
