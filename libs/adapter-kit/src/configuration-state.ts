import { defineErrorArea } from '@lienthong/errors';
import type { VerifiedConfiguration } from '@lienthong/envelope';

export const AdapterErrorCode = {
  CONFIG_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'No verified global configuration yet',
  },
  CONFIG_STALE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The global configuration has expired',
  },
  ACCESS_DENIED: { httpStatus: 403, retryable: false, title: 'No access right for this service' },
  ACCESS_PURPOSE_MISSING: { httpStatus: 400, retryable: false, title: 'The purpose is missing' },
  ACCESS_PURPOSE_NOT_ALLOWED: {
    httpStatus: 403,
    retryable: false,
    title: 'The purpose is not allowed for this service',
  },
  LOOKUP_SERVICE_UNKNOWN: { httpStatus: 404, retryable: false, title: 'No such service' },
  LOOKUP_REFUSED: { httpStatus: 502, retryable: false, title: 'The provider refused the look-up' },
  LOOKUP_OVERLOADED: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'Too many look-ups under way at this adapter',
  },
  LOOKUP_PROVIDER_UNAVAILABLE: {
    httpStatus: 504,
    retryable: true,
    logLevel: 'warn',
    title: 'The provider did not answer in time',
  },
  LOOKUP_REPLY_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'The reply failed verification',
  },
  LOOKUP_REQUEST_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The look-up request is invalid',
  },
  LOOKUP_SUBJECT_ID_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The identifier is malformed (length, province code or check digit)',
  },
  AUDIT_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The audit trail cannot be written; nothing was disclosed',
  },
} as const;

/** Errors of the adapter pipeline (access decisions, configuration freshness, look-ups). */
export class AdapterError extends defineErrorArea('AdapterError', AdapterErrorCode) {}

/**
 * The verified global configuration this adapter works under. Fails closed: with no verified
 * configuration, or an expired one, every message is refused (docs/security.md §7, invariant 6).
 */
export class ConfigurationState {
  private verified?: VerifiedConfiguration;
  private lastError?: string;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Accepts a newer configuration; an older or equal version is ignored (no rollback). */
  accept(next: VerifiedConfiguration): boolean {
    if (this.verified && next.version <= this.verified.version) {
      return false;
    }
    this.verified = next;
    this.lastError = undefined;
    return true;
  }

  reject(reason: string): void {
    this.lastError = reason;
  }

  /** The configuration to work under, or a coded refusal. */
  current(): VerifiedConfiguration {
    if (!this.verified) {
      throw new AdapterError('CONFIG_UNAVAILABLE', 'no verified global configuration received yet');
    }
    if (this.verified.isExpired(this.clock())) {
      throw new AdapterError(
        'CONFIG_STALE',
        `global configuration version ${this.verified.version} expired at ${this.verified.config.expiresAt}`,
      );
    }
    return this.verified;
  }

  /** Health view: ok only with a fresh verified configuration. */
  status(): { ok: boolean; version?: number; expiresAt?: string; error?: string } {
    const at = this.clock();
    if (!this.verified) {
      return { ok: false, error: this.lastError ?? 'no configuration received yet' };
    }
    const expired = this.verified.isExpired(at);
    return {
      ok: !expired,
      version: this.verified.version,
      expiresAt: this.verified.config.expiresAt,
      ...(expired ? { error: 'configuration expired' } : {}),
      ...(this.lastError && !expired ? { error: this.lastError } : {}),
    };
  }
}
