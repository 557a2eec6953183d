import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { DOCUMENTS_OPTIONS } from './documents.constants';
import { DocumentError } from './documents.errors';
import type { DocumentsOptions } from './documents.options';

/** Multipart parts of `POST /v1/documents`. */
export const UPLOAD_FIELDS = [{ name: 'main', maxCount: 1 }, { name: 'attachments' }] as const;

/** Room for part headers and boundaries on top of the files themselves. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Multipart upload with the configured limits, enforced while the body streams in: a declared
 * Content-Length over the total is refused before anything is read, and multer stops reading at
 * the first file over `maxFileBytes`. Multer's refusals become the document area's codes.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;
  private readonly maxTotalBytes: number;

  constructor(@Inject(DOCUMENTS_OPTIONS) options: DocumentsOptions) {
    const Multer = FileFieldsInterceptor(
      UPLOAD_FIELDS.map((f) =>
        f.name === 'attachments' ? { name: f.name, maxCount: options.maxAttachments } : { ...f },
      ),
      {
        limits: {
          fileSize: options.maxFileBytes,
          files: options.maxAttachments + 1,
          fields: 1,
          fieldSize: options.maxMetadataBytes,
          parts: options.maxAttachments + 2,
        },
      },
    );
    this.multer = new Multer();
    this.maxTotalBytes =
      options.maxFileBytes * (options.maxAttachments + 1) +
      options.maxMetadataBytes +
      MULTIPART_OVERHEAD;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.maxTotalBytes) {
      throw new DocumentError(
        'DOCUMENT_UPLOAD_TOO_LARGE',
        `upload of ${declared} bytes exceeds ${this.maxTotalBytes}`,
      );
    }
    return from(Promise.resolve(this.multer.intercept(context, next))).pipe(
      mergeMap((result) => result),
      catchError((error: unknown) => {
        throw uploadError(error);
      }),
    );
  }
}

function uploadError(error: unknown): unknown {
  if (!(error instanceof HttpException)) {
    return error;
  }
  const status = error.getStatus();
  const message = error.message;
  if (status === 413 || /too (large|long)|too many/i.test(message)) {
    return new DocumentError('DOCUMENT_UPLOAD_TOO_LARGE', message, { cause: error });
  }
  if (status === 400 || status === 415) {
    return new DocumentError('DOCUMENT_UPLOAD_INVALID', message, { cause: error });
  }
  return error;
}
