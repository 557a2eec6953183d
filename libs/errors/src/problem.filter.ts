import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isAppError, type AppError } from './app-error';
import { CommonError, InternalError } from './common.errors';
import { PROBLEM_CONTENT_TYPE, toAppError, toProblem } from './problem';

type ProblemListener = (code: string, status: number) => void;
const listeners = new Set<ProblemListener>();

/**
 * Calls `listener` with the code and status of every problem+json answer any ProblemFilter of
 * this process sends (metrics count refusals by code); returns the function that removes it.
 */
export function observeProblems(listener: ProblemListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * The one place where errors become HTTP answers (style G16), for every app: RFC 9457
 * problem+json with our stable `code`. Nest's own HttpExceptions (404 on an unknown route,
 * body-parser 413, a pipe's 400) are mapped to codes too. Unknown errors are logged with their
 * errorId and answered opaquely.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = fromHttpException(exception);
    const problem = toProblem(error, request.originalUrl);
    if (error.logLevel === 'error') {
      this.logger.error(
        { err: exception, errorId: problem.errorId, code: problem.code },
        'request failed',
      );
    } else if (error.logLevel === 'warn') {
      this.logger.warn(
        `${request.method} ${request.originalUrl} -> ${error.code}: ${error.message}`,
      );
    }
    for (const listener of listeners) {
      listener(problem.code, problem.status);
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  }
}

function fromHttpException(exception: unknown): AppError {
  if (isAppError(exception)) {
    return exception;
  }
  const name = (exception as { type?: unknown } | null)?.type;
  if (name === 'entity.too.large') {
    return new CommonError('REQUEST_TOO_LARGE', 'request body exceeds the size limit');
  }
  if (name === 'entity.parse.failed') {
    return new CommonError('REQUEST_INVALID', 'request body is not valid JSON');
  }
  if (!(exception instanceof HttpException)) {
    return toAppError(exception);
  }
  const status = exception.getStatus();
  if (status === 404) {
    return new CommonError('RESOURCE_NOT_FOUND', 'no such resource', { cause: exception });
  }
  if (status === 413) {
    return new CommonError('REQUEST_TOO_LARGE', 'request body exceeds the size limit', {
      cause: exception,
    });
  }
  return status < 500
    ? new CommonError('REQUEST_INVALID', `the request could not be read: ${exception.message}`, {
        cause: exception,
      })
    : new InternalError(exception);
}
