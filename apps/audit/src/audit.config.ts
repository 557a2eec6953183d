import { loadConfig, type EnvSchema } from '@lienthong/config';

/** Variables the audit service reads on top of the adapter kit's (NATS, database, keys, HTTP). */
interface AuditEnv {
  OPERATOR_JWKS_FILE: string;
  OPERATOR_TOKEN_ISSUER: string;
  PORTAL_TOKEN_PUBLIC_KEY_FILE: string;
  PORTAL_TOKEN_ISSUER: string;
  AUDIT_TOKEN_AUDIENCE: string;
  TOKEN_ISSUERS_FILE?: string;
  AUDIT_LOG_ORIGIN: string;
  CHECKPOINT_INTERVAL_SECONDS: number;
  AUDIT_BATCH_SIZE: number;
  AUDIT_EXPORT_PAGE_SIZE: number;
}

const schema: EnvSchema<AuditEnv> = {
  type: 'object',
  properties: {
    OPERATOR_JWKS_FILE: { type: 'string', minLength: 1 },
    OPERATOR_TOKEN_ISSUER: { type: 'string', minLength: 1, default: 'lienthong-operator' },
    PORTAL_TOKEN_PUBLIC_KEY_FILE: { type: 'string', minLength: 1 },
    PORTAL_TOKEN_ISSUER: { type: 'string', minLength: 1, default: 'lienthong-portal' },
    AUDIT_TOKEN_AUDIENCE: { type: 'string', minLength: 1, default: 'lienthong-audit' },
    TOKEN_ISSUERS_FILE: { type: 'string', minLength: 1, nullable: true },
    AUDIT_LOG_ORIGIN: {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,255}$',
      default: 'lienthong.gov.vn/audit/log',
    },
    CHECKPOINT_INTERVAL_SECONDS: { type: 'integer', minimum: 1, maximum: 3600, default: 10 },
    AUDIT_BATCH_SIZE: { type: 'integer', minimum: 1, maximum: 200, default: 32 },
    AUDIT_EXPORT_PAGE_SIZE: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
  },
  required: [
    'OPERATOR_JWKS_FILE',
    'OPERATOR_TOKEN_ISSUER',
    'PORTAL_TOKEN_PUBLIC_KEY_FILE',
    'PORTAL_TOKEN_ISSUER',
    'AUDIT_TOKEN_AUDIENCE',
    'AUDIT_LOG_ORIGIN',
    'CHECKPOINT_INTERVAL_SECONDS',
    'AUDIT_BATCH_SIZE',
    'AUDIT_EXPORT_PAGE_SIZE',
  ],
  additionalProperties: false,
};

/** The audit service's own configuration, validated once at boot. */
export interface AuditConfig {
  readonly tokens: {
    /** Operator issuer (auditors and operators): JWKS file, issuer. */
    readonly operator: { readonly jwksFile: string; readonly issuer: string };
    /** Citizen portal issuer: SPKI PEM public key file, issuer. */
    readonly portal: { readonly publicKeyFile: string; readonly issuer: string };
    /** Audience both issuers must name. */
    readonly audience: string;
    /** Identity providers whose access tokens are accepted too (libs/access-tokens). */
    readonly issuersFile?: string;
  };
  /** Checkpoint origin line: names this log to witnesses. */
  readonly origin: string;
  readonly checkpointIntervalMs: number;
  /** Messages of LT_AUDIT verified at once (their records are appended together). */
  readonly batchSize: number;
  /** Rows an export reads per statement while it streams (entries, checkpoints, cosignatures). */
  readonly exportPageSize: number;
}

/** Reads and validates the audit environment; throws ConfigError listing every problem. */
export function loadAuditConfig(
  source?: Readonly<Record<string, string | undefined>>,
): Readonly<AuditConfig> {
  return loadConfig(
    schema,
    (env) => ({
      tokens: {
        operator: { jwksFile: env.OPERATOR_JWKS_FILE, issuer: env.OPERATOR_TOKEN_ISSUER },
        portal: {
          publicKeyFile: env.PORTAL_TOKEN_PUBLIC_KEY_FILE,
          issuer: env.PORTAL_TOKEN_ISSUER,
        },
        audience: env.AUDIT_TOKEN_AUDIENCE,
        ...(env.TOKEN_ISSUERS_FILE ? { issuersFile: env.TOKEN_ISSUERS_FILE } : {}),
      },
      origin: env.AUDIT_LOG_ORIGIN,
      checkpointIntervalMs: env.CHECKPOINT_INTERVAL_SECONDS * 1000,
      batchSize: env.AUDIT_BATCH_SIZE,
      exportPageSize: env.AUDIT_EXPORT_PAGE_SIZE,
    }),
    source,
  );
}
