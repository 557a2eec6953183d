import { loadConfig, type EnvSchema } from '@lienthong/config';

/** Environment of the console (the launcher sets these; `.env.example` lists the local values). */
interface ConsoleEnv {
  CONSOLE_HTTP_HOST: string;
  CONSOLE_HTTP_PORT: number;
  CONSOLE_PUBLIC_URL?: string;
  CONSOLE_WEB_DIR: string;
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  CONSOLE_OIDC_ISSUER: string;
  CONSOLE_OIDC_CLIENT_ID: string;
  CONSOLE_OIDC_CLIENT_SECRET_FILE: string;
  CONSOLE_CITIZEN_OIDC_ISSUER?: string;
  CONSOLE_CITIZEN_OIDC_CLIENT_ID?: string;
  CONSOLE_CITIZEN_OIDC_CLIENT_SECRET_FILE?: string;
  CONSOLE_UPSTREAMS_FILE: string;
  TOKEN_ISSUERS_FILE: string;
  LT_ANCHOR_FILE: string;
  CONSOLE_SESSION_IDLE_MINUTES: number;
  CONSOLE_SESSION_MAX_HOURS: number;
  CONSOLE_UPSTREAM_TIMEOUT_MS: number;
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error';
}

const file = { type: 'string', minLength: 1 } as const;

const schema: EnvSchema<ConsoleEnv> = {
  type: 'object',
  properties: {
    CONSOLE_HTTP_HOST: { type: 'string', default: '127.0.0.1' },
    CONSOLE_HTTP_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 7110 },
    CONSOLE_PUBLIC_URL: { type: 'string', pattern: '^https?://[^/]+$', nullable: true },
    CONSOLE_WEB_DIR: file,
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    DATABASE_POOL_MAX: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    CONSOLE_OIDC_ISSUER: { type: 'string', pattern: '^https?://' },
    CONSOLE_OIDC_CLIENT_ID: { type: 'string', minLength: 1 },
    CONSOLE_OIDC_CLIENT_SECRET_FILE: file,
    CONSOLE_CITIZEN_OIDC_ISSUER: { type: 'string', pattern: '^https?://', nullable: true },
    CONSOLE_CITIZEN_OIDC_CLIENT_ID: { type: 'string', minLength: 1, nullable: true },
    CONSOLE_CITIZEN_OIDC_CLIENT_SECRET_FILE: { ...file, nullable: true },
    CONSOLE_UPSTREAMS_FILE: file,
    TOKEN_ISSUERS_FILE: file,
    LT_ANCHOR_FILE: file,
    CONSOLE_SESSION_IDLE_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
    CONSOLE_SESSION_MAX_HOURS: { type: 'integer', minimum: 1, maximum: 24, default: 8 },
    CONSOLE_UPSTREAM_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 120000, default: 15000 },
    LOG_LEVEL: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
  },
  required: [
    'CONSOLE_HTTP_HOST',
    'CONSOLE_HTTP_PORT',
    'CONSOLE_WEB_DIR',
    'DATABASE_URL',
    'DATABASE_POOL_MAX',
    'CONSOLE_OIDC_ISSUER',
    'CONSOLE_OIDC_CLIENT_ID',
    'CONSOLE_OIDC_CLIENT_SECRET_FILE',
    'CONSOLE_UPSTREAMS_FILE',
    'TOKEN_ISSUERS_FILE',
    'LT_ANCHOR_FILE',
    'CONSOLE_SESSION_IDLE_MINUTES',
    'CONSOLE_SESSION_MAX_HOURS',
    'CONSOLE_UPSTREAM_TIMEOUT_MS',
    'LOG_LEVEL',
  ],
  additionalProperties: false,
};

/** One identity provider the console signs people in with. */
export interface OidcRealmConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretFile: string;
}

/** The console's validated configuration. */
export interface ConsoleConfig {
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string };
  readonly webDir: string;
  readonly db: { readonly url: string; readonly poolMax: number };
  /** Staff (officers, auditors, operators) sign in with their agency's IdP; citizens with theirs. */
  readonly oidc: { readonly staff: OidcRealmConfig; readonly citizen: OidcRealmConfig };
  /** JSON object: service name (POP, CIV, AUDIT, TRUST, …) → base URL. */
  readonly upstreamsFile: string;
  /**
   * The issuers whose access tokens the console accepts, with their claim mappings (the same file
   * format as the services'): a person is who their access token says, as the services see them.
   */
  readonly tokenIssuersFile: string;
  /** The bus root CA certificate the browser verifies evidence with. */
  readonly anchorFile: string;
  readonly session: { readonly idleMs: number; readonly maxMs: number };
  readonly upstreamTimeoutMs: number;
  readonly logLevel: ConsoleEnv['LOG_LEVEL'];
}

/** Reads and validates the console environment; throws ConfigError listing every problem. */
export function loadConsoleConfig(
  source?: Readonly<Record<string, string | undefined>>,
): Readonly<ConsoleConfig> {
  return loadConfig(
    schema,
    (env) => {
      const staff = {
        issuer: env.CONSOLE_OIDC_ISSUER,
        clientId: env.CONSOLE_OIDC_CLIENT_ID,
        clientSecretFile: env.CONSOLE_OIDC_CLIENT_SECRET_FILE,
      };
      return {
        http: {
          host: env.CONSOLE_HTTP_HOST,
          port: env.CONSOLE_HTTP_PORT,
          publicUrl: env.CONSOLE_PUBLIC_URL ?? `http://127.0.0.1:${env.CONSOLE_HTTP_PORT}`,
        },
        webDir: env.CONSOLE_WEB_DIR,
        db: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
        oidc: {
          staff,
          citizen: {
            issuer: env.CONSOLE_CITIZEN_OIDC_ISSUER ?? staff.issuer,
            clientId: env.CONSOLE_CITIZEN_OIDC_CLIENT_ID ?? staff.clientId,
            clientSecretFile: env.CONSOLE_CITIZEN_OIDC_CLIENT_SECRET_FILE ?? staff.clientSecretFile,
          },
        },
        upstreamsFile: env.CONSOLE_UPSTREAMS_FILE,
        tokenIssuersFile: env.TOKEN_ISSUERS_FILE,
        anchorFile: env.LT_ANCHOR_FILE,
        session: {
          idleMs: env.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
          maxMs: env.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
        },
        upstreamTimeoutMs: env.CONSOLE_UPSTREAM_TIMEOUT_MS,
        logLevel: env.LOG_LEVEL,
      };
    },
    source,
  );
}
