/** Port: liveness facts of the app's dependencies other than the database. */
export interface HealthProbes {
  /** Whether the NATS connection is up. */
  natsConnected(): boolean;
  /** When the last configuration was published by this instance. */
  lastPublishedAt(): Date | undefined;
  /** Age after which the configuration counts as stale (the publish interval, with slack). */
  readonly staleAfterSeconds: number;
}

/** Injection token of the HealthProbes port. */
export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
