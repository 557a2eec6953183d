export {
  ConfigError,
  ConfigErrorCode,
  exitOnConfigError,
  loadConfig,
  readEnv,
  redactConfig,
  type EnvSchema,
} from './load-config';
export {
  NATS_ENV_PROPERTIES,
  NATS_URL_PATTERN,
  natsSettingsFromEnv,
  type NatsEnv,
  type NatsSettings,
  type NatsTlsSettings,
} from './nats-env';
