export {
  ensureNatsTls,
  startNatsCluster,
  startNatsServer,
  type ClusterNode,
  type RunningNats,
  type RunningNatsCluster,
} from '@lienthong/devstack';
export { eventually, type EventuallyOptions } from './eventually';
export {
  TEST_DATABASE_URL,
  TEST_NATS_CA_FILE,
  TEST_NATS_URL,
  testDatabaseUrl,
  testNatsConnection,
  testNatsEnv,
  testNatsUrl,
  useOwnTestNats,
} from './test-env';
export { testNamespace, uniqueSuffix, type TestNamespace } from './test-namespace';
export { openTestStreams, type TestStreams } from './test-streams';
export { createTestSchema, withSearchPath, type TestSchema } from './test-schema';
export { makeTempRoot, startTestNatsServer } from './test-servers';
export { TestingError, TestingErrorCode } from './testing.errors';
export { publishedAuditRecords } from './audit-records';
export { TestBus, type TestAttachmentStores, type TestBusInput, type TestMember } from './test-bus';
export { wireAgencyRegistry, type WiredAgencyRegistry } from './agency-registry';
export { createTestPki, type TestPki } from './test-pki';
