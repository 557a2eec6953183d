export { startNatsServer, type RunningNats } from '@lienthong/devstack';
export { eventually, type EventuallyOptions } from './eventually';
export { TEST_DATABASE_URL, TEST_NATS_URL, testDatabaseUrl, testNatsUrl } from './test-env';
export { testNamespace, uniqueSuffix, type TestNamespace } from './test-namespace';
export { createTestSchema, withSearchPath, type TestSchema } from './test-schema';
export { makeTempRoot, startTestNatsServer } from './test-servers';
export { TestingError, TestingErrorCode } from './testing.errors';
export { TestBus, type TestBusInput, type TestMember } from './test-bus';
export { wireAgencyRegistry, type WiredAgencyRegistry } from './agency-registry';
