import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair as joseKeyPair } from 'jose';
import { AdapterKitModule, BusRuntime, loadAdapterConfig } from '@lienthong/adapter-kit';
import { ProblemFilter } from '@lienthong/errors';
import {
  configBucket,
  connectBus,
  drainBus,
  ensureConfigBucket,
  ensureStreams,
  jetstream,
  jetstreamManager,
  STREAM_KINDS,
  streamName,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import {
  CertificateAuthority,
  Signer,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
} from '@lienthong/pki';
import {
  createTestSchema,
  eventually,
  testDatabaseUrl,
  testNamespace,
  testNatsConnection,
  testNatsEnv,
  type TestNamespace,
  type TestSchema,
} from '@lienthong/testing';
import {
  encodeConfigurationRecord,
  signGlobalConfiguration,
  type GlobalConfiguration,
  putConfiguration,
} from '@lienthong/trust';
import { auditAgency } from '../src/audit.agency';
import { loadAuditConfig } from '../src/audit.config';

type Identity = { member: string; subsystem: string };
type SigningKey = Awaited<ReturnType<typeof joseKeyPair>>['privateKey'];

/** A small bus of its own for one test file: PKI, configuration, streams and the audit app. */
export interface AuditBus {
  readonly ns: TestNamespace;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly app: INestApplication;
  readonly caPem: string;
  readonly subjectKey: Buffer;
  readonly signers: Record<'pop' | 'civ' | 'audit', Signer>;
  /** Bearer token of the operator issuer with this role. */
  staffToken(role: 'auditor' | 'operator' | 'leader'): Promise<string>;
  /** Bearer token of the operator issuer for one staff member, with extra claims (e.g. agency). */
  staffTokenFor(
    subject: string,
    role: 'auditor' | 'operator' | 'leader',
    claims?: Record<string, unknown>,
  ): Promise<string>;
  /** A well-formed staff token signed by a key the audit service does not know. */
  forgedToken(role: 'auditor' | 'operator'): Promise<string>;
  /** Bearer token of the citizen portal for this personal id. */
  citizenToken(personalId: string): Promise<string>;
  /** Another audit app on the same bus and keys, on a schema of its own (a restore's target). */
  startAppOn(schema: TestSchema): Promise<INestApplication>;
  close(): Promise<void>;
}

async function issue(ca: CertificateAuthority, identity: Identity): Promise<Signer> {
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const csr = await createCsr({
    privateKey,
    publicKey,
    identity,
    organizationName: `${identity.member} test agency`,
  });
  const certificate = await ca.issueFromCsr(csr, { validityDays: 2 });
  return Signer.fromKeyObject({
    privateKey,
    certificatePem: certificate.pem,
    chainPems: [...ca.chainPems],
  });
}

function configuration(
  root: CertificateAuthority,
  issuing: CertificateAuthority,
  signers: Record<string, Signer>,
): GlobalConfiguration {
  const now = Date.now();
  const members = new Map<string, { code: string; subsystem: string; pems: string[] }>();
  for (const signer of Object.values(signers)) {
    members.set(signer.identity.member, {
      code: signer.identity.member,
      subsystem: signer.identity.subsystem,
      pems: [signer.certificate.pem],
    });
  }
  return {
    version: 1,
    instance: 'LT-TEST',
    issuedAt: new Date(now - 1000).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    anchors: [root.certificate.pem],
    intermediates: [issuing.certificate.pem],
    members: [...members.values()].map((m) => ({
      code: m.code,
      name: `${m.code} test agency`,
      subsystems: [{ code: m.subsystem, certificates: m.pems }],
    })),
    services: [
      {
        code: 'citizen-by-id',
        version: 1,
        provider: { member: 'POP', subsystem: 'registry' },
        requestType: 'urn:lienthong:population:citizen-by-id-request:1',
        responseType: 'urn:lienthong:population:citizen-by-id-response:1',
        title: 'Citizen by personal id',
        fields: ['fullName'],
      },
    ],
    accessRights: [],
    // POP applies CIV's births: its records of them are its own to make (protocol.md §13)
    eventRights: [
      {
        subscriber: { member: 'POP', subsystem: 'registry' },
        publisher: 'CIV',
        eventType: 'birth-registered',
      },
    ],
    revocations: [],
    settings: { clockSkewSeconds: 30, maxMessageBytes: 1048576, maxLifetimeSeconds: 86400 },
  };
}

async function staffKeys(dir: string) {
  const operator = await joseKeyPair('ES256');
  const portal = await joseKeyPair('ES256');
  const rogue = await joseKeyPair('ES256');
  const jwk = { ...(await exportJWK(operator.publicKey)), kid: 'op-1', alg: 'ES256', use: 'sig' };
  writeFileSync(join(dir, 'operators.jwks.json'), JSON.stringify({ keys: [jwk] }));
  writeFileSync(join(dir, 'portal.pub.pem'), await exportSPKI(portal.publicKey));
  const sign = (
    subject: string,
    claims: Record<string, unknown>,
    issuer: string,
    key: SigningKey,
    kid?: string,
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
      .setIssuer(issuer)
      .setAudience('lienthong-audit')
      .setSubject(subject)
      .setExpirationTime('5m')
      .sign(key);
  return {
    staff: (role: string) =>
      sign(`${role}-1`, { role }, 'lienthong-operator', operator.privateKey, 'op-1'),
    staffFor: (subject: string, role: string, claims: Record<string, unknown> = {}) =>
      sign(subject, { ...claims, role }, 'lienthong-operator', operator.privateKey, 'op-1'),
    forged: (role: string) =>
      sign(`${role}-1`, { role }, 'lienthong-operator', rogue.privateKey, 'op-1'),
    citizen: (personalId: string) =>
      sign(
        `citizen-${personalId}`,
        { role: 'citizen', personalId },
        'lienthong-portal',
        portal.privateKey,
      ),
  };
}

function writeFiles(
  dir: string,
  audit: Signer,
  auditKeyPem: string,
  caPem: string,
  subjectKey: Buffer,
) {
  writeFileSync(join(dir, 'audit.key.pem'), auditKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'audit.cert.pem'), audit.certificate.pem);
  writeFileSync(join(dir, 'audit.chain.pem'), audit.chainPems.join('\n'));
  writeFileSync(join(dir, 'anchor.pem'), caPem);
  writeFileSync(join(dir, 'subject.key'), subjectKey, { mode: 0o600 });
}

function environment(dir: string, ns: TestNamespace): Record<string, string> {
  return {
    HTTP_PORT: '7105',
    ...testNatsEnv(),
    DATABASE_URL: testDatabaseUrl(),
    LT_KEY_FILE: join(dir, 'audit.key.pem'),
    LT_CERT_FILE: join(dir, 'audit.cert.pem'),
    LT_CHAIN_FILE: join(dir, 'audit.chain.pem'),
    LT_ANCHOR_FILE: join(dir, 'anchor.pem'),
    LT_SUBJECT_KEY_FILE: join(dir, 'subject.key'),
    BUS_SUBJECT_ROOT: ns.subjectRoot,
    BUS_STREAM_PREFIX: ns.streamPrefix,
    LOG_LEVEL: 'warn',
    OPERATOR_JWKS_FILE: join(dir, 'operators.jwks.json'),
    PORTAL_TOKEN_PUBLIC_KEY_FILE: join(dir, 'portal.pub.pem'),
    AUDIT_LOG_ORIGIN: 'lienthong.test/audit/log',
    CHECKPOINT_INTERVAL_SECONDS: '1',
    AUDIT_BATCH_SIZE: '4',
    // Small pages, so that every export in the tests spans several of them.
    AUDIT_EXPORT_PAGE_SIZE: '3',
  };
}

async function startApp(
  env: Record<string, string>,
  schema: TestSchema,
): Promise<INestApplication> {
  const agency = auditAgency(loadAuditConfig(env), schema.schema);
  const moduleRef = await Test.createTestingModule({
    imports: [
      AdapterKitModule.forAgency(agency, loadAdapterConfig(env, { requireOfficerKey: false })),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ProblemFilter());
  await app.init();
  const runtime = app.get(BusRuntime);
  await eventually(() => expect(runtime.configuration.status().ok).toBe(true));
  return app;
}

/** Builds the bus (CA, signed configuration in KV, streams) and starts the audit app on it. */
export async function startAuditBus(): Promise<AuditBus> {
  const ns = testNamespace();
  const dir = mkdtempSync(join(tmpdir(), 'lt-audit-'));
  const nc: NatsConnection = await connectBus({ ...testNatsConnection(), name: 'audit-int-spec' });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, ns, { replicas: 1 });
  const kv = await ensureConfigBucket(js, ns);
  const root = await CertificateAuthority.createRoot({
    commonName: 'Audit Test Root',
    validityDays: 5,
  });
  const issuing = await root.createIssuing({ commonName: 'Audit Test Issuing', validityDays: 4 });
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const csr = await createCsr({
    privateKey,
    publicKey,
    identity: { member: 'AUDIT', subsystem: 'log' },
    organizationName: 'Audit',
  });
  const auditCert = await issuing.issueFromCsr(csr, { validityDays: 2 });
  const audit = Signer.fromKeyObject({
    privateKey,
    certificatePem: auditCert.pem,
    chainPems: [...issuing.chainPems],
  });
  const signers = {
    pop: await issue(issuing, { member: 'POP', subsystem: 'registry' }),
    civ: await issue(issuing, { member: 'CIV', subsystem: 'registry' }),
    audit,
  };
  const trust = await issue(issuing, { member: 'TRUST', subsystem: 'central' });
  const signed = signGlobalConfiguration(
    configuration(root, issuing, { ...signers, trust }),
    trust,
  );
  await putConfiguration(kv, 'global', encodeConfigurationRecord(signed));
  const subjectKey = randomBytes(32);
  writeFiles(dir, audit, exportPrivateKeyPem(privateKey), root.certificate.pem, subjectKey);
  const tokens = await staffKeys(dir);
  const schema = await createTestSchema(testDatabaseUrl());
  const env = environment(dir, ns);
  const app = await startApp(env, schema);
  return {
    ns,
    js,
    jsm,
    app,
    caPem: root.certificate.pem,
    subjectKey,
    signers,
    staffToken: tokens.staff,
    staffTokenFor: tokens.staffFor,
    forgedToken: tokens.forged,
    citizenToken: tokens.citizen,
    startAppOn: (other) => startApp(env, other),
    async close() {
      await app.close();
      for (const kind of STREAM_KINDS) {
        await jsm.streams.delete(streamName(ns, kind)).catch(() => false);
      }
      await jsm.streams.delete(`KV_${configBucket(ns)}`).catch(() => false);
      await drainBus(nc);
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
