export {
  ConfigError,
  ConfigErrorCode,
  exitOnConfigError,
  loadConfig,
  NATS_URL_PATTERN,
  readEnv,
  redactConfig,
  type EnvSchema,
} from './load-config';
