export {
  ConfigError,
  ConfigErrorCode,
  exitOnConfigError,
  loadConfig,
  readEnv,
  redactConfig,
  type EnvSchema,
} from './load-config';
