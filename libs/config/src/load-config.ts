import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import addFormats from 'ajv-formats';
import { defineErrorArea } from '@lienthong/errors';

export const ConfigErrorCode = {
  CONFIG_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration is invalid',
  },
} as const;

/** Raised once at boot with every invalid or missing variable listed. */
export class ConfigError extends defineErrorArea('ConfigError', ConfigErrorCode) {
  constructor(readonly problems: readonly string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
}

/** A flat environment schema: one property per variable. */
export type EnvSchema<Env> = JSONSchemaType<Env>;

/**
 * Environment validation is the one place where ajv may coerce and fill defaults (style G18):
 * the input is strings from the environment, not a signed payload.
 */
const envAjv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true });
addFormats(envAjv);

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') {
    return `${String(error.params['missingProperty'])} is required but not set`;
  }
  const variable = error.instancePath.replace(/^\//, '');
  return `${variable} ${error.message ?? 'is invalid'}`;
}

/**
 * Validates the environment against a schema, then maps it to a nested, frozen config object.
 * Throws ConfigError listing every problem at once; secrets are never echoed back.
 */
export function loadConfig<Env, Config>(
  schema: EnvSchema<Env>,
  map: (env: Env) => Config,
  source: Readonly<Record<string, string | undefined>> = process.env,
): Readonly<Config> {
  const properties = Object.keys((schema as { properties?: object }).properties ?? {});
  const env: Record<string, unknown> = {};
  for (const name of properties) {
    const value = source[name];
    if (value !== undefined && value !== '') {
      env[name] = value;
    }
  }
  const validate = envAjv.compile(schema);
  if (!validate(env)) {
    throw new ConfigError((validate.errors ?? []).map(describe));
  }
  return deepFreeze(map(env as Env));
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) {
      deepFreeze(child);
    }
  }
  return value;
}

/** Reads one variable outside a schema (launchers and tools); the only other process.env reader. */
export function readEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Prints the configuration problems as one readable message and exits non-zero; never a stack trace. */
export function exitOnConfigError(error: unknown, appName: string): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${appName}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG from sysexits.h
  }
  throw error;
}

/** Redacts secret-bearing fields before the config is logged at boot. */
export function redactConfig(
  value: unknown,
  secretKeys: RegExp = /pass|secret|token|key|credential/i,
): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => redactConfig(item, secretKeys));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKeys.test(k) ? '[redacted]' : redactConfig(v, secretKeys),
      ]),
    );
  }
  if (typeof value === 'string') {
    return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:[redacted]@');
  }
  return value;
}
