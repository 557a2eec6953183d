import { GlobalConfigurationError } from './global-configuration.errors';
import type { VerifiedConfiguration } from './verified-configuration';

/**
 * The verified global configuration a party (an adapter, the audit service) works under. Fails closed: with no verified
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
      throw new GlobalConfigurationError(
        'CONFIG_UNAVAILABLE',
        'no verified global configuration received yet',
      );
    }
    if (this.verified.isExpired(this.clock())) {
      throw new GlobalConfigurationError(
        'CONFIG_STALE',
        `global configuration version ${this.verified.version} expired at ${this.verified.config.expiresAt}`,
      );
    }
    return this.verified;
  }

  /** The newest verified configuration, expired or not (metrics, labels); undefined before one. */
  held(): VerifiedConfiguration | undefined {
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
