/** The console's validated configuration. */
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

/** The services the console calls ({@link UpstreamServices}). */
export const UPSTREAM_SERVICES = Symbol('UPSTREAM_SERVICES');
