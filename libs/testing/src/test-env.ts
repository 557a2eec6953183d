import { TestingError } from './testing.errors';

/** The variable naming the NATS server every int/e2e test uses. */
export const TEST_NATS_URL = 'TEST_NATS_URL';
/** The variable naming the CA of the test NATS server's certificate, when it runs TLS (the default). */
export const TEST_NATS_CA_FILE = 'TEST_NATS_CA_FILE';
/** The variable naming the PostgreSQL database every int/e2e test uses. */
export const TEST_DATABASE_URL = 'TEST_DATABASE_URL';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new TestingError(
      'TESTING_ENV_MISSING',
      `${name} is not set. Int and e2e tests get it from @lienthong/testing's jest globalSetup ` +
        `(run them with \`npm run test:int\` / \`npm run test:e2e\`), or set it to a running server.`,
      { details: { variable: name } },
    );
  }
  return value;
}

/** URL of the test NATS server (JetStream enabled). */
export function testNatsUrl(): string {
  return required(TEST_NATS_URL);
}

/** Superuser URL of the test PostgreSQL database; use {@link createTestSchema} for isolation. */
export function testDatabaseUrl(): string {
  return required(TEST_DATABASE_URL);
}

/** How a test connects to the test NATS server: its URL and, when it runs TLS, the CA to trust. */
export function testNatsConnection(): { servers: string; tls?: { caFile: string } } {
  const caFile = process.env[TEST_NATS_CA_FILE];
  return { servers: testNatsUrl(), ...(caFile ? { tls: { caFile } } : {}) };
}

/** The NATS variables of an app under test (NATS_URL and, with TLS, NATS_TLS_CA_FILE). */
export function testNatsEnv(): { NATS_URL: string; NATS_TLS_CA_FILE?: string } {
  const caFile = process.env[TEST_NATS_CA_FILE];
  return { NATS_URL: testNatsUrl(), ...(caFile ? { NATS_TLS_CA_FILE: caFile } : {}) };
}

/**
 * Points this test file's TEST_NATS_URL (and its CA) at a server of its own, e.g. one it restarts;
 * returns what puts the run's server back.
 */
export function useOwnTestNats(url: string, caFile?: string): () => void {
  const previous = { url: process.env[TEST_NATS_URL], caFile: process.env[TEST_NATS_CA_FILE] };
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = value;
    }
  };
  set(TEST_NATS_URL, url);
  set(TEST_NATS_CA_FILE, caFile);
  return () => {
    set(TEST_NATS_URL, previous.url);
    set(TEST_NATS_CA_FILE, previous.caFile);
  };
}
