/** Port: liveness facts of the app's dependencies other than the database. */
export interface HealthProbes {
  /** Whether the NATS connection is up. */
  natsConnected(): boolean;
  /** When the last configuration was published by this instance. */
  lastPublishedAt(): Date | undefined;
  /** The configuration this instance last published (metrics), if any. */
  published(): { version: number; issuedAt: string; expiresAt: string } | undefined;
  /** The certificates the trust service works with, by name, and when each expires (metrics). */
  certificates(): readonly { readonly name: string; readonly notAfter: Date }[];
  /** Age after which the configuration counts as stale (the publish interval, with slack). */
  readonly staleAfterSeconds: number;
}

/** Injection token of the HealthProbes port. */
export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
