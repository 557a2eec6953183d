import {
  ConfigError,
  NATS_ENV_PROPERTIES,
  loadConfig,
  natsSettingsFromEnv,
  readEnv,
  type EnvSchema,
  type NatsEnv,
  type NatsSettings,
} from '@lienthong/config';

/** Environment every agency adapter reads (one process per agency; the launcher sets these). */
interface AdapterEnv extends NatsEnv {
  HTTP_HOST: string;
  HTTP_PORT: number;
  HTTP_BODY_LIMIT: string;
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  LT_KEY_FILE: string;
  LT_CERT_FILE: string;
  LT_CHAIN_FILE?: string;
  LT_ANCHOR_FILE: string;
  LT_SUBJECT_KEY_FILE: string;
  OFFICER_TOKEN_PUBLIC_KEY_FILE?: string;
  TOKEN_ISSUERS_FILE?: string;
  BUS_SUBJECT_ROOT: string;
  BUS_STREAM_PREFIX: string;
  LOOKUP_TIMEOUT_MS: number;
  LOOKUP_MAX_CONCURRENT: number;
  LOOKUP_MAX_IN_FLIGHT: number;
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error';
  XROAD_TLS_PORT?: number;
  XROAD_TLS_CERT_FILE?: string;
  XROAD_TLS_KEY_FILE?: string;
}

const file = { type: 'string', minLength: 1 } as const;

const schema: EnvSchema<AdapterEnv> = {
  type: 'object',
  properties: {
    HTTP_HOST: { type: 'string', default: '127.0.0.1' },
    HTTP_PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    HTTP_BODY_LIMIT: { type: 'string', pattern: '^[0-9]+(kb|mb)$', default: '64kb' },
    ...NATS_ENV_PROPERTIES,
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    DATABASE_POOL_MAX: { type: 'integer', minimum: 1, maximum: 200, default: 10 },
    LT_KEY_FILE: file,
    LT_CERT_FILE: file,
    LT_CHAIN_FILE: { ...file, nullable: true },
    LT_ANCHOR_FILE: file,
    LT_SUBJECT_KEY_FILE: file,
    OFFICER_TOKEN_PUBLIC_KEY_FILE: { ...file, nullable: true },
    TOKEN_ISSUERS_FILE: { ...file, nullable: true },
    BUS_SUBJECT_ROOT: { type: 'string', pattern: '^[a-z][a-z0-9]{0,15}$', default: 'lt' },
    BUS_STREAM_PREFIX: { type: 'string', pattern: '^[A-Z][A-Z0-9]{0,15}$', default: 'LT' },
    LOOKUP_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 60000, default: 5000 },
    LOOKUP_MAX_CONCURRENT: { type: 'integer', minimum: 1, maximum: 1024, default: 64 },
    LOOKUP_MAX_IN_FLIGHT: { type: 'integer', minimum: 1, maximum: 65536, default: 2048 },
    LOG_LEVEL: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
    XROAD_TLS_PORT: { type: 'integer', minimum: 0, maximum: 65535, nullable: true },
    XROAD_TLS_CERT_FILE: { ...file, nullable: true },
    XROAD_TLS_KEY_FILE: { ...file, nullable: true },
  },
  required: [
    'HTTP_HOST',
    'HTTP_PORT',
    'HTTP_BODY_LIMIT',
    'NATS_URL',
    'DATABASE_URL',
    'DATABASE_POOL_MAX',
    'LT_KEY_FILE',
    'LT_CERT_FILE',
    'LT_ANCHOR_FILE',
    'LT_SUBJECT_KEY_FILE',
    'BUS_SUBJECT_ROOT',
    'BUS_STREAM_PREFIX',
    'LOOKUP_TIMEOUT_MS',
    'LOOKUP_MAX_CONCURRENT',
    'LOOKUP_MAX_IN_FLIGHT',
    'LOG_LEVEL',
  ],
  additionalProperties: false,
};

/** The validated, nested configuration of an adapter process. */
export interface AdapterConfig {
  readonly http: { readonly host: string; readonly port: number; readonly bodyLimit: string };
  readonly nats: NatsSettings;
  readonly db: { readonly url: string; readonly poolMax: number };
  readonly pki: {
    readonly keyFile: string;
    readonly certFile: string;
    readonly chainFile?: string;
    readonly anchorFile: string;
    readonly subjectKeyFile: string;
  };
  readonly officerTokenPublicKeyFile?: string;
  /** JSON list of identity providers whose access tokens are accepted (libs/access-tokens). */
  readonly tokenIssuersFile?: string;
  readonly bus: { readonly subjectRoot: string; readonly streamPrefix: string };
  readonly lookup: {
    readonly timeoutMs: number;
    /** Requests this provider answers at once (further ones wait in the subscription). */
    readonly maxConcurrent: number;
    /** Look-ups this consumer has under way at once; more are refused with LOOKUP_OVERLOADED. */
    readonly maxInFlight: number;
  };
  readonly logLevel: AdapterEnv['LOG_LEVEL'];
  /** The X-Road REST edge's TLS listener (docs/protocol.md §15), when configured. */
  readonly xroad?: { readonly port: number; readonly certFile: string; readonly keyFile: string };
}

/** Reads and validates the adapter environment; throws ConfigError listing every problem. */
export function loadAdapterConfig(
  source?: Readonly<Record<string, string | undefined>>,
  options: { requireOfficerKey?: boolean } = {},
): Readonly<AdapterConfig> {
  // The officers' look-up API needs the key of their token issuer (or a list of trusted identity
  // providers); services without it do not.
  const read = (name: string) => (source ? source[name] : readEnv(name));
  const officerKeyMissing =
    options.requireOfficerKey !== false &&
    !read('OFFICER_TOKEN_PUBLIC_KEY_FILE') &&
    !read('TOKEN_ISSUERS_FILE')
      ? ['OFFICER_TOKEN_PUBLIC_KEY_FILE (or TOKEN_ISSUERS_FILE) is required but not set']
      : [];
  let config: Readonly<AdapterConfig>;
  try {
    config = loadFromSchema(source);
  } catch (error) {
    throw error instanceof ConfigError
      ? new ConfigError([...error.problems, ...officerKeyMissing])
      : error;
  }
  if (officerKeyMissing.length > 0) {
    throw new ConfigError(officerKeyMissing);
  }
  return config;
}

function loadFromSchema(
  source?: Readonly<Record<string, string | undefined>>,
): Readonly<AdapterConfig> {
  return loadConfig(
    schema,
    (env) => ({
      http: { host: env.HTTP_HOST, port: env.HTTP_PORT, bodyLimit: env.HTTP_BODY_LIMIT },
      nats: natsSettingsFromEnv(env),
      db: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
      pki: {
        keyFile: env.LT_KEY_FILE,
        certFile: env.LT_CERT_FILE,
        ...(env.LT_CHAIN_FILE ? { chainFile: env.LT_CHAIN_FILE } : {}),
        anchorFile: env.LT_ANCHOR_FILE,
        subjectKeyFile: env.LT_SUBJECT_KEY_FILE,
      },
      ...(env.OFFICER_TOKEN_PUBLIC_KEY_FILE
        ? { officerTokenPublicKeyFile: env.OFFICER_TOKEN_PUBLIC_KEY_FILE }
        : {}),
      ...(env.TOKEN_ISSUERS_FILE ? { tokenIssuersFile: env.TOKEN_ISSUERS_FILE } : {}),
      bus: { subjectRoot: env.BUS_SUBJECT_ROOT, streamPrefix: env.BUS_STREAM_PREFIX },
      lookup: {
        timeoutMs: env.LOOKUP_TIMEOUT_MS,
        maxConcurrent: env.LOOKUP_MAX_CONCURRENT,
        maxInFlight: env.LOOKUP_MAX_IN_FLIGHT,
      },
      logLevel: env.LOG_LEVEL,
      ...(env.XROAD_TLS_PORT !== undefined && env.XROAD_TLS_CERT_FILE && env.XROAD_TLS_KEY_FILE
        ? {
            xroad: {
              port: env.XROAD_TLS_PORT,
              certFile: env.XROAD_TLS_CERT_FILE,
              keyFile: env.XROAD_TLS_KEY_FILE,
            },
          }
        : {}),
    }),
    source,
  );
}
