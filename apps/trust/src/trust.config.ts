import {
  NATS_ENV_PROPERTIES,
  loadConfig,
  natsSettingsFromEnv,
  type EnvSchema,
  type NatsEnv,
} from '@lienthong/config';

interface TrustEnv extends NatsEnv {
  TRUST_HTTP_HOST: string;
  TRUST_HTTP_PORT: number;
  DATABASE_URL: string;
  DATABASE_SCHEMA: string;
  DATABASE_POOL_MAX: number;
  TRUST_DATA_DIR: string;
  BUS_SUBJECT_ROOT: string;
  BUS_STREAM_PREFIX: string;
  BUS_INSTANCE: string;
  CONFIG_VALIDITY_SECONDS: number;
  CONFIG_PUBLISH_INTERVAL_SECONDS: number;
  BUS_CLOCK_SKEW_SECONDS: number;
  BUS_MAX_MESSAGE_BYTES: number;
  BUS_MAX_LIFETIME_SECONDS: number;
  OPERATOR_JWKS_FILE: string;
  OPERATOR_TOKEN_ISSUER: string;
  OPERATOR_TOKEN_AUDIENCE: string;
  TOKEN_ISSUERS_FILE?: string;
}

const envSchema: EnvSchema<TrustEnv> = {
  type: 'object',
  properties: {
    TRUST_HTTP_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    TRUST_HTTP_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 7100 },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    DATABASE_SCHEMA: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'trust' },
    DATABASE_POOL_MAX: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    ...NATS_ENV_PROPERTIES,
    TRUST_DATA_DIR: { type: 'string', minLength: 1 },
    BUS_SUBJECT_ROOT: { type: 'string', pattern: '^[a-z][a-z0-9]{0,15}$', default: 'lt' },
    BUS_STREAM_PREFIX: { type: 'string', pattern: '^[A-Z][A-Z0-9]{0,15}$', default: 'LT' },
    BUS_INSTANCE: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,31}$', default: 'LT-DEV' },
    CONFIG_VALIDITY_SECONDS: { type: 'integer', minimum: 30, maximum: 2592000, default: 600 },
    CONFIG_PUBLISH_INTERVAL_SECONDS: { type: 'integer', minimum: 1, maximum: 86400, default: 60 },
    BUS_CLOCK_SKEW_SECONDS: { type: 'integer', minimum: 0, maximum: 600, default: 30 },
    BUS_MAX_MESSAGE_BYTES: { type: 'integer', minimum: 1024, maximum: 67108864, default: 1048576 },
    BUS_MAX_LIFETIME_SECONDS: { type: 'integer', minimum: 1, maximum: 2592000, default: 86400 },
    OPERATOR_JWKS_FILE: { type: 'string', minLength: 1 },
    OPERATOR_TOKEN_ISSUER: { type: 'string', minLength: 1, default: 'lienthong-operator' },
    OPERATOR_TOKEN_AUDIENCE: { type: 'string', minLength: 1, default: 'lienthong-trust' },
    TOKEN_ISSUERS_FILE: { type: 'string', minLength: 1, nullable: true },
  },
  required: [
    'TRUST_HTTP_HOST',
    'TRUST_HTTP_PORT',
    'DATABASE_URL',
    'DATABASE_SCHEMA',
    'DATABASE_POOL_MAX',
    'NATS_URL',
    'TRUST_DATA_DIR',
    'BUS_SUBJECT_ROOT',
    'BUS_STREAM_PREFIX',
    'BUS_INSTANCE',
    'CONFIG_VALIDITY_SECONDS',
    'CONFIG_PUBLISH_INTERVAL_SECONDS',
    'BUS_CLOCK_SKEW_SECONDS',
    'BUS_MAX_MESSAGE_BYTES',
    'BUS_MAX_LIFETIME_SECONDS',
    'OPERATOR_JWKS_FILE',
    'OPERATOR_TOKEN_ISSUER',
    'OPERATOR_TOKEN_AUDIENCE',
  ],
  additionalProperties: false,
};

function toConfig(env: TrustEnv) {
  return {
    http: { host: env.TRUST_HTTP_HOST, port: env.TRUST_HTTP_PORT },
    db: { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolMax: env.DATABASE_POOL_MAX },
    nats: natsSettingsFromEnv(env),
    bus: { subjectRoot: env.BUS_SUBJECT_ROOT, streamPrefix: env.BUS_STREAM_PREFIX },
    dataDir: env.TRUST_DATA_DIR,
    configuration: {
      instance: env.BUS_INSTANCE,
      validitySeconds: env.CONFIG_VALIDITY_SECONDS,
      publishIntervalSeconds: env.CONFIG_PUBLISH_INTERVAL_SECONDS,
      settings: {
        clockSkewSeconds: env.BUS_CLOCK_SKEW_SECONDS,
        maxMessageBytes: env.BUS_MAX_MESSAGE_BYTES,
        maxLifetimeSeconds: env.BUS_MAX_LIFETIME_SECONDS,
      },
    },
    operators: {
      jwksFile: env.OPERATOR_JWKS_FILE,
      issuer: env.OPERATOR_TOKEN_ISSUER,
      audience: env.OPERATOR_TOKEN_AUDIENCE,
      /** Identity providers whose operators' and auditors' access tokens are accepted too. */
      ...(env.TOKEN_ISSUERS_FILE ? { issuersFile: env.TOKEN_ISSUERS_FILE } : {}),
    },
  };
}

/** The trust service's validated, frozen configuration. */
export type TrustConfig = ReturnType<typeof toConfig>;

/** Reads and validates the environment once; throws ConfigError listing every problem. */
export function loadTrustConfig(
  source?: Readonly<Record<string, string | undefined>>,
): Readonly<TrustConfig> {
  return loadConfig(envSchema, toConfig, source);
}
