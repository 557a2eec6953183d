import { ConfigError, loadConfig, redactConfig, type EnvSchema } from '@lienthong/config';

interface Env {
  NATS_URL: string;
  HTTP_PORT: number;
  DATABASE_URL: string;
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error';
}

const schema: EnvSchema<Env> = {
  type: 'object',
  properties: {
    NATS_URL: { type: 'string', pattern: '^nats://' },
    HTTP_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 7101 },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    LOG_LEVEL: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
  },
  required: ['NATS_URL', 'HTTP_PORT', 'DATABASE_URL', 'LOG_LEVEL'],
  additionalProperties: false,
};

const map = (env: Env) => ({
  nats: { url: env.NATS_URL },
  http: { port: env.HTTP_PORT },
  db: { url: env.DATABASE_URL },
});

describe('loadConfig', () => {
  it('coerces, fills defaults and returns a frozen nested object', () => {
    const sut = loadConfig(schema, map, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://x/y',
      HTTP_PORT: '8080',
    });
    expect(sut).toEqual({
      nats: { url: 'nats://127.0.0.1:4222' },
      http: { port: 8080 },
      db: { url: 'postgres://x/y' },
    });
    expect(Object.isFrozen(sut.nats)).toBe(true);
  });

  it('lists every problem in one error', () => {
    let caught: unknown;
    try {
      loadConfig(schema, map, { NATS_URL: 'http://wrong', HTTP_PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is required but not set',
        expect.stringMatching(/^NATS_URL must match pattern/),
        'HTTP_PORT must be integer',
        'LOG_LEVEL must be equal to one of the allowed values',
      ]),
    );
    expect((caught as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it('treats empty strings as unset', () => {
    expect(() => loadConfig(schema, map, { NATS_URL: '', DATABASE_URL: 'postgres://x' })).toThrow(
      /NATS_URL is required/,
    );
  });
});

describe('redactConfig', () => {
  it('hides secret fields and passwords inside URLs', () => {
    expect(redactConfig({ db: { url: 'postgres://app:s3cret@h/db' }, apiKey: 'k' })).toEqual({
      db: { url: 'postgres://app:[redacted]@h/db' },
      apiKey: '[redacted]',
    });
  });
});
