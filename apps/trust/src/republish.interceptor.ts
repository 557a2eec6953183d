import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { type Request } from 'express';
import { tap, type Observable } from 'rxjs';
import { ConfigurationPublisher } from './configuration/configuration-publisher.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After every successful write to the registry, publishes a fresh global configuration, so that
 * a grant or a revocation reaches adapters in seconds rather than at the next interval. It lives
 * at the app root so that no area depends on the configuration area.
 */
@Injectable()
export class RepublishInterceptor implements NestInterceptor {
  constructor(private readonly publisher: ConfigurationPublisher) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const isRegistryWrite =
      !READ_METHODS.has(request.method) &&
      request.path.startsWith('/v1/') &&
      !request.path.startsWith('/v1/configuration');
    return isRegistryWrite
      ? next.handle().pipe(tap(() => this.publisher.publishInBackground()))
      : next.handle();
  }
}
