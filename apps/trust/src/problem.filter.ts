import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import {
  CommonError,
  InternalError,
  PROBLEM_CONTENT_TYPE,
  isAppError,
  toProblem,
  type AppError,
} from '@lienthong/errors';

/** Nest's own HTTP exceptions (unknown route, unparsable JSON, oversized body) as coded errors. */
function fromHttpException(exception: HttpException): AppError {
  const status = exception.getStatus();
  switch (status) {
    case 404:
      return new CommonError('RESOURCE_NOT_FOUND', 'no such resource', { cause: exception });
    case 413:
      return new CommonError('REQUEST_TOO_LARGE', 'request body is too large', {
        cause: exception,
      });
    default:
      return status < 500
        ? new CommonError('REQUEST_INVALID', 'the request could not be read', { cause: exception })
        : new InternalError(exception);
  }
}

/**
 * The one place where errors become HTTP responses (style G16): every failure is answered as
 * RFC 9457 problem+json carrying its stable code; unknown failures are opaque with an errorId
 * that is logged together with the real cause.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('trust');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error =
      exception instanceof HttpException
        ? fromHttpException(exception)
        : isAppError(exception)
          ? exception
          : new InternalError(exception);
    this.log(error, request);
    const problem = toProblem(error, request.originalUrl);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private log(error: AppError, request: Request): void {
    const line = `${request.method} ${request.originalUrl} -> ${error.code}: ${error.message}`;
    if (error.logLevel === 'error') {
      this.logger.error(line, error.cause instanceof Error ? error.cause.stack : undefined);
    } else if (error.logLevel === 'warn') {
      this.logger.warn(line);
    } else {
      this.logger.log(line);
    }
  }
}
