import { ConfigError } from './load-config';

/**
 * NATS_URL of every process: one `nats://` or `tls://` URL, or a comma-separated list of them
 * (the nodes of a cluster); `connectBus` splits it.
 */
export const NATS_URL_PATTERN = '^(nats|tls)://[^,\\s]+(\\s*,\\s*(nats|tls)://[^,\\s]+)*$';

/** The variables through which every process reaches the bus (docs/operations.md §2.4). */
export interface NatsEnv {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASS?: string;
  /** A file holding an NKey seed (`SU…`): the user signs the server's nonce with it. */
  NATS_NKEY_SEED_FILE?: string;
  /** A decentralised-auth credentials file (user JWT + seed), as `nsc` writes it. */
  NATS_CREDS_FILE?: string;
  /** CA certificate(s) the server's certificate must chain to; turns TLS on. */
  NATS_TLS_CA_FILE?: string;
  /** Client certificate and key for mutual TLS (both or neither). */
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
}

const file = { type: 'string', minLength: 1, nullable: true } as const;

/** The schema properties of {@link NatsEnv}, spread into each app's environment schema. */
export const NATS_ENV_PROPERTIES = {
  NATS_URL: { type: 'string', pattern: NATS_URL_PATTERN },
  NATS_USER: { type: 'string', nullable: true },
  NATS_PASS: { type: 'string', nullable: true },
  NATS_NKEY_SEED_FILE: file,
  NATS_CREDS_FILE: file,
  NATS_TLS_CA_FILE: file,
  NATS_TLS_CERT_FILE: file,
  NATS_TLS_KEY_FILE: file,
} as const;

/** How one process reaches the bus: servers, one way of authenticating, and TLS. */
export interface NatsSettings {
  /** One URL or a comma-separated list (a cluster). */
  readonly url: string;
  readonly user?: string;
  readonly pass?: string;
  readonly nkeySeedFile?: string;
  readonly credsFile?: string;
  readonly tls?: NatsTlsSettings;
}

/** TLS towards NATS: the CA to verify the server with, and an optional client certificate. */
export interface NatsTlsSettings {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/**
 * Maps validated NATS variables to settings. At most one way of authenticating may be set
 * (user/password, an NKey seed or a credentials file), and a client certificate needs its key:
 * a mix is refused at boot rather than resolved by a silent precedence.
 */
export function natsSettingsFromEnv(env: Partial<NatsEnv> & { NATS_URL: string }): NatsSettings {
  const problems: string[] = [];
  const ways = [
    env.NATS_USER !== undefined || env.NATS_PASS !== undefined ? 'NATS_USER/NATS_PASS' : '',
    env.NATS_NKEY_SEED_FILE !== undefined ? 'NATS_NKEY_SEED_FILE' : '',
    env.NATS_CREDS_FILE !== undefined ? 'NATS_CREDS_FILE' : '',
  ].filter((way) => way !== '');
  if (ways.length > 1) {
    problems.push(`set one way of authenticating to NATS, not ${ways.join(' and ')}`);
  }
  if ((env.NATS_TLS_CERT_FILE === undefined) !== (env.NATS_TLS_KEY_FILE === undefined)) {
    problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together (mutual TLS)');
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const tls: NatsTlsSettings = {
    ...(env.NATS_TLS_CA_FILE !== undefined ? { caFile: env.NATS_TLS_CA_FILE } : {}),
    ...(env.NATS_TLS_CERT_FILE !== undefined ? { certFile: env.NATS_TLS_CERT_FILE } : {}),
    ...(env.NATS_TLS_KEY_FILE !== undefined ? { keyFile: env.NATS_TLS_KEY_FILE } : {}),
  };
  return {
    url: env.NATS_URL,
    ...(env.NATS_USER !== undefined ? { user: env.NATS_USER } : {}),
    ...(env.NATS_PASS !== undefined ? { pass: env.NATS_PASS } : {}),
    ...(env.NATS_NKEY_SEED_FILE !== undefined ? { nkeySeedFile: env.NATS_NKEY_SEED_FILE } : {}),
    ...(env.NATS_CREDS_FILE !== undefined ? { credsFile: env.NATS_CREDS_FILE } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
