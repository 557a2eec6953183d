import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Observable, from, lastValueFrom } from 'rxjs';
import type { AuditPrincipal } from '../auth/audit-token.verifier';
import { AuditQueryRecorder, type AuditedQueryCall } from './audit-query.recorder';
import { AUDITED_QUERY, type AuditedQuerySpec, type QueryRequest } from './audited-query';

/**
 * Records every call of an `@AuditedQuery` route that passed the guard (the guard records its own
 * refusals): the handler's refusal with its code, or its answer once the accepted record is
 * committed, so an answer never leaves without its record. A handler that streams writes the
 * accepted record itself before its first byte (`call.accepted()`); it is not written twice.
 */
@Injectable()
export class AuditQueryInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: AuditQueryRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditedQuerySpec | undefined>(
      AUDITED_QUERY,
      context.getHandler(),
    );
    if (spec === undefined) {
      return next.handle();
    }
    const request = context
      .switchToHttp()
      .getRequest<QueryRequest & { auditPrincipal?: AuditPrincipal }>();
    const call = this.recorder.start(spec, request);
    request.auditQuery = call;
    return from(this.run(call, next));
  }

  private async run(call: AuditedQueryCall, next: CallHandler): Promise<unknown> {
    let answer: unknown;
    try {
      answer = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await call.refused(error);
      throw error;
    }
    if (!call.recorded) {
      await call.accepted();
    }
    return answer;
  }
}
