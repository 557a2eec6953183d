import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level } from 'pino';
import { readEnv } from '@lienthong/config';
import { currentSpanIds } from './trace-context';

/** The structured logger every Lienthong process uses (pino). */
export type Logger = pino.Logger;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Component name, printed as `name` on every line. */
  readonly name: string;
  /** Minimum level; default LOG_LEVEL or `info`. */
  readonly level?: Level;
  /** Fields on every line, e.g. `{ agency: 'POP' }`. */
  readonly base?: Record<string, unknown>;
  /** Where lines go; default stdout. Tests pass a stream to read lines back. */
  readonly destination?: DestinationStream;
}

/*
 * Paths whose values never reach a log line: credentials in headers, configs and errors.
 * pino's redaction is path based, so common nestings are listed explicitly.
 */
const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'pass',
  'secret',
  'token',
  'privateKey',
  '*.password',
  '*.pass',
  '*.secret',
  '*.token',
  '*.privateKey',
  '*.authorization',
];

/**
 * Creates a JSON logger whose every line carries `trace_id`/`span_id` of the active span,
 * an ISO timestamp, and redacts credentials.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? (readEnv('LOG_LEVEL') as Level | undefined) ?? 'info';
  return pino(
    {
      name: options.name,
      level,
      base: { ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const ids = currentSpanIds();
        return ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
      },
    },
    options.destination,
  );
}

/** Lets NestJS write its own log lines through our pino logger (`app.useLogger(...)`). */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  /** Nest `log` is our `info`. */
  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  /** Nest passes the stack as the first optional parameter of `error`. */
  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  /** Warnings. */
  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  /** Debug lines. */
  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  /** Nest's most verbose level maps to pino `trace`. */
  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  /** Fatal lines. */
  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    // Nest appends the context (class name) as the last string parameter
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string') {
      fields['stack'] = rest[0];
    }
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
