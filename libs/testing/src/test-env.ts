import { TestingError } from './testing.errors';

/** The variable naming the NATS server every int/e2e test uses. */
export const TEST_NATS_URL = 'TEST_NATS_URL';
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
