/** How loudly an error is logged; carried by the error itself (Vendure style). */
export type LogLevel = 'info' | 'warn' | 'error';

/**
 * Base class of every error Lienthong raises on purpose.
 *
 * `code` is stable, UPPER_SNAKE, prefixed by its area and never reused (see libs/errors/README.md).
 * `retryable` drives transport behaviour: a retryable failure is redelivered (JetStream `nak`),
 * a permanent one is terminated and dead-lettered (`term`). `httpStatus` drives the RFC 9457 mapping.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly httpStatus: number = 500;
  readonly logLevel: LogLevel = 'error';
  /** Extra machine-readable facts safe to show to the caller (never secrets or stack traces). */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(message: string, options?: ErrorOptions & { details?: Record<string, unknown> }) {
    super(message, options);
    this.name = new.target.name;
    if (options?.details) {
      this.details = Object.freeze({ ...options.details });
    }
  }
}

/** Narrowing helper usable across realms (jest VM contexts break `instanceof` on Error subclasses). */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { retryable?: unknown }).retryable === 'boolean' &&
      value instanceof Error)
  );
}
