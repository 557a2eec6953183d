import { readEnv } from '@lienthong/config';
import { createLogger } from '@lienthong/telemetry';
import {
  DEFAULT_NAMESPACE,
  connectBus,
  drainBus,
  type BusNamespace,
  type NatsConnection,
} from '@lienthong/messaging';

/** How an operator command reaches NATS: URL, admin credentials, TLS and the bus namespace. */
export interface OperatorBus {
  readonly url: string;
  readonly user?: string;
  readonly pass?: string;
  readonly nkeySeedFile?: string;
  readonly credsFile?: string;
  readonly tls?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
  };
  readonly namespace: BusNamespace;
}

/**
 * The environment's bus: LT_NATS_URL (or NATS_URL), else the URL the local stack recorded at its
 * last start, else the default port; BUS_SUBJECT_ROOT/BUS_STREAM_PREFIX for the namespace.
 */
export function operatorBusFromEnv(
  adminPassword: () => string,
  localNatsUrl: () => string | undefined = () => undefined,
  localCaFile: () => string | undefined = () => undefined,
): OperatorBus {
  const subjectRoot = readEnv('BUS_SUBJECT_ROOT');
  const streamPrefix = readEnv('BUS_STREAM_PREFIX');
  const given = readEnv('LT_NATS_URL') ?? readEnv('NATS_URL');
  const nkeySeedFile = readEnv('NATS_NKEY_SEED_FILE');
  const credsFile = readEnv('NATS_CREDS_FILE');
  const caFile = readEnv('NATS_TLS_CA_FILE') ?? (given ? undefined : localCaFile());
  const certFile = readEnv('NATS_TLS_CERT_FILE');
  const keyFile = readEnv('NATS_TLS_KEY_FILE');
  const userPassword = nkeySeedFile === undefined && credsFile === undefined;
  return {
    url: given ?? localNatsUrl() ?? 'nats://127.0.0.1:4222',
    ...(userPassword
      ? {
          user: readEnv('LT_NATS_USER') ?? 'admin',
          pass: readEnv('LT_NATS_PASSWORD') ?? adminPassword(),
        }
      : {}),
    ...(nkeySeedFile ? { nkeySeedFile } : {}),
    ...(credsFile ? { credsFile } : {}),
    ...(caFile || certFile
      ? {
          tls: {
            ...(caFile ? { caFile } : {}),
            ...(certFile ? { certFile } : {}),
            ...(keyFile ? { keyFile } : {}),
          },
        }
      : {}),
    namespace: subjectRoot && streamPrefix ? { subjectRoot, streamPrefix } : DEFAULT_NAMESPACE,
  };
}

/** Connects as the operator for one command and drains the connection afterwards. */
export async function withOperatorBus<T>(
  bus: () => OperatorBus,
  name: string,
  work: (nc: NatsConnection, namespace: BusNamespace) => Promise<T>,
): Promise<T> {
  const { url, namespace, ...credentials } = bus();
  const nc = await connectBus({
    servers: url,
    name,
    // stdout carries the command's JSON: the bus's own notices go to stderr
    logger: createLogger({ name, destination: process.stderr }),
    ...credentials,
  });
  try {
    return await work(nc, namespace);
  } finally {
    await drainBus(nc);
  }
}
