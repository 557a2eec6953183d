import { AppError, type LogLevel } from './app-error';

/** Static description of one error code: everything except the per-occurrence message. */
export interface ErrorCodeSpec {
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly logLevel?: LogLevel;
  /** Short human title, used as the RFC 9457 `title`. */
  readonly title: string;
}

/**
 * Builds an error class for one area from a table of codes, so that each area (envelope, pki,
 * messaging, …) declares its codes once, in one place, with status and retry semantics beside them.
 *
 * ```ts
 * export const EnvelopeErrorCode = { ENVELOPE_EXPIRED: { httpStatus: 400, retryable: false, title: '…' } } as const;
 * export class EnvelopeError extends defineErrorArea('EnvelopeError', EnvelopeErrorCode) {}
 * throw new EnvelopeError('ENVELOPE_EXPIRED', 'expired at …');
 * ```
 */
export function defineErrorArea<Codes extends Record<string, ErrorCodeSpec>>(
  areaName: string,
  codes: Codes,
) {
  for (const code of Object.keys(codes)) {
    registerErrorCode(code, codes[code], areaName);
  }
  abstract class AreaError extends AppError {
    readonly code: Extract<keyof Codes, string>;
    readonly retryable: boolean;
    override readonly httpStatus: number;
    override readonly logLevel: LogLevel;
    readonly title: string;

    constructor(
      code: Extract<keyof Codes, string>,
      message: string,
      options?: ErrorOptions & { details?: Record<string, unknown> },
    ) {
      super(message, options);
      const spec = codes[code] as ErrorCodeSpec;
      this.code = code;
      this.retryable = spec.retryable;
      this.httpStatus = spec.httpStatus;
      this.logLevel = spec.logLevel ?? (spec.retryable ? 'warn' : 'info');
      this.title = spec.title;
    }
  }
  Object.defineProperty(AreaError, 'name', { value: areaName });
  return AreaError;
}

const registry = new Map<string, ErrorCodeSpec & { area: string }>();

/** Registers a code; a code may be declared by exactly one area (codes are never reused). */
export function registerErrorCode(code: string, spec: ErrorCodeSpec, area: string): void {
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code)) {
    throw new Error(`error code ${code} is not UPPER_SNAKE with an area prefix`);
  }
  const existing = registry.get(code);
  if (existing && existing.area !== area) {
    throw new Error(`error code ${code} is declared by both ${existing.area} and ${area}`);
  }
  registry.set(code, { ...spec, area });
}

/** Every code declared so far, for documentation and for tests that check the table is complete. */
export function registeredErrorCodes(): ReadonlyMap<string, ErrorCodeSpec & { area: string }> {
  return registry;
}
