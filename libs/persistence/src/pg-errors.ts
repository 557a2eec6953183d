import { QueryFailedError } from 'typeorm';
import { PersistenceError } from './persistence.errors';

/** SQLSTATE of a unique-constraint violation (PostgreSQL appendix A). */
const UNIQUE_VIOLATION = '23505';

/** SQLSTATE of a foreign-key violation: the referenced row does not exist (or is still used). */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * SQLSTATE classes that mean "the database is not there right now", so the work may be retried:
 * 08 connection exception, 53 insufficient resources, 57P01-57P03 admin/crash shutdown and
 * cannot-connect-now, 40001/40P01 serialization failure and deadlock.
 */
const RETRYABLE_SQLSTATE = /^(08|53|57P0[123]|40001|40P01)/;

/** Node socket errors raised by `pg` before any SQLSTATE exists. */
const RETRYABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** Messages `pg` and its pool use for connection loss, which carry neither SQLSTATE nor errno. */
const RETRYABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

function driverErrorOf(error: unknown): unknown {
  return error instanceof QueryFailedError ? error.driverError : error;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether an error (raw `pg` or wrapped in TypeORM's QueryFailedError) is a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(driverErrorOf(error)) === UNIQUE_VIOLATION;
}

/** Whether an error is a foreign-key violation (a reference to a row that does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  return codeOf(driverErrorOf(error)) === FOREIGN_KEY_VIOLATION;
}

/** The constraint a unique or foreign-key violation hit, when PostgreSQL reported it. */
export function violatedConstraint(error: unknown): string | undefined {
  const constraint = (driverErrorOf(error) as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** Whether an error means the database is unreachable or shedding load (worth retrying). */
export function isConnectionFailure(error: unknown): boolean {
  const driverError = driverErrorOf(error);
  const code = codeOf(driverError);
  if (code !== undefined && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_ERRNO.has(code))) {
    return true;
  }
  const message = driverError instanceof Error ? driverError.message : '';
  return RETRYABLE_MESSAGE.test(message);
}

/**
 * Maps connection failures to a retryable PERSISTENCE_UNAVAILABLE error and returns every other
 * error unchanged, so callers can `throw mapPersistenceError(e)` in one catch.
 */
export function mapPersistenceError(error: unknown): unknown {
  if (error instanceof PersistenceError || !isConnectionFailure(error)) {
    return error;
  }
  return new PersistenceError('PERSISTENCE_UNAVAILABLE', 'the database is unavailable', {
    cause: error,
  });
}
