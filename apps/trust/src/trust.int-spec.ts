// real: PostgreSQL, nats-server (JetStream KV), the pki CA and envelope verification, the whole
// Nest app over HTTP. mock: nothing.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair as generateJoseKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { createCsr, generateKeyPair, parseCertificate } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import { testDatabaseUrl, testNamespace, testNatsEnv, uniqueSuffix } from '@lienthong/testing';
import { createDataSource, dropSchema } from '@lienthong/persistence';
import { VerifiedConfiguration, decodeConfigurationRecord } from '@lienthong/trust';
import { CONFIG_KV } from './trust-bus.module';
import { createTrustApp } from './trust.app';
import { loadTrustConfig } from './trust.config';

/** A legal basis of civil-status procedures: code and citation. */
const HO_TICH = { code: 'luat-ho-tich-2014', citation: 'Luật Hộ tịch số 60/2014/QH13' };

type KvLike = {
  get(key: string): Promise<{ value: Uint8Array } | null>;
  destroy(): Promise<boolean>;
};

const ISSUER = 'lienthong-operator';
const AUDIENCE = 'lienthong-trust';

describe('trust service', () => {
  const schema = `trust_${uniqueSuffix()}`;
  const namespace = testNamespace();
  let dataDir: string;
  let operatorKey: CryptoKey;
  let env: Record<string, string>;
  let app: INestApplication;
  let operator: string;
  let auditor: string;

  async function token(role: string, key: CryptoKey = operatorKey): Promise<string> {
    return new SignJWT({ role })
      .setProtectedHeader({ alg: 'ES256', kid: 'op-1' })
      .setSubject('operator@example.gov.vn')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
  }

  const http = () => request(app.getHttpServer() as Server);
  // response bodies are JSON objects whose fields the tests read as strings
  const body = (response: { body: unknown }) => response.body as Record<string, string>;
  const post = (path: string, body: object, as: string = operator) =>
    http().post(path).set('Authorization', `Bearer ${as}`).send(body);
  const get = (path: string, as: string = operator) =>
    http().get(path).set('Authorization', `Bearer ${as}`);
  /** The version of the configuration this instance signed last. */
  const currentVersion = async () =>
    (
      JSON.parse(
        Buffer.from(body(await get('/v1/configuration')).payload, 'base64url').toString('utf8'),
      ) as { version: number }
    ).version;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trust-int-'));
    const { privateKey, publicKey } = await generateJoseKeyPair('ES256');
    operatorKey = privateKey;
    const jwksFile = join(dataDir, 'operators.jwks.json');
    await writeFile(
      jwksFile,
      JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'op-1', alg: 'ES256' }] }),
    );
    env = {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      ...testNatsEnv(),
      TRUST_DATA_DIR: join(dataDir, 'ca'),
      TRUST_HTTP_PORT: '0',
      BUS_SUBJECT_ROOT: namespace.subjectRoot,
      BUS_STREAM_PREFIX: namespace.streamPrefix,
      CONFIG_PUBLISH_INTERVAL_SECONDS: '3600',
      OPERATOR_JWKS_FILE: jwksFile,
    };
    app = await createTrustApp(loadTrustConfig(env));
    operator = await token('operator');
    auditor = await token('auditor');
  });

  afterAll(async () => {
    await app.get<KvLike>(CONFIG_KV).destroy();
    await app.close();
    const ds = await createDataSource({
      url: testDatabaseUrl(),
      schema,
      entities: [],
      migrations: [],
      applicationName: 'trust-int-spec-cleanup',
    });
    await dropSchema(ds, schema);
    await ds.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps CA keys as 0600 files in the data directory', async () => {
    for (const file of ['root-ca.key', 'issuing-ca.key', 'central.key']) {
      expect((await stat(join(env['TRUST_DATA_DIR'], file))).mode & 0o777).toBe(0o600);
    }
  });

  it('rejects a request without a token with 401 problem+json', async () => {
    const response = await http().get('/v1/members');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'AUTH_TOKEN_MISSING', status: 401 });
  });

  it('rejects a token signed by an unknown key with 401', async () => {
    const { privateKey } = await generateJoseKeyPair('ES256');
    const response = await get('/v1/members', await token('operator', privateKey));
    expect(response.status).toBe(401);
    expect(body(response).code).toBe('AUTH_TOKEN_INVALID');
  });

  it('lets an auditor read but not write (403)', async () => {
    expect((await get('/v1/members', auditor)).status).toBe(200);
    const response = await post('/v1/members', { code: 'AUD', name: 'x' }, auditor);
    expect(response.status).toBe(403);
    expect(body(response).code).toBe('AUTH_ROLE_FORBIDDEN');
  });

  it('serves the CA certificates and the OpenAPI document without a token', async () => {
    const ca = await http().get('/v1/ca');
    expect(ca.status).toBe(200);
    expect(body(ca).root).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(body(await http().get('/docs-json')).paths).toHaveProperty('/v1/members');
  });

  it('validates member bodies: organ id format and unknown fields', async () => {
    const badOrgan = await post('/v1/members', { code: 'BAD', name: 'x', organId: 'G22' });
    expect(badOrgan.status).toBe(400);
    expect(body(badOrgan).code).toBe('REQUEST_INVALID');
    const unknown = await post('/v1/members', { code: 'BAD', name: 'x', admin: true });
    expect(unknown.status).toBe(400);
    expect(body(unknown).detail).toMatch(/unknown field admin/);
  });

  it('registers a member once; a duplicate is 409 problem+json', async () => {
    const body = { code: 'POP', name: 'Population registry', organId: '000.00.00.G22' };
    expect((await post('/v1/members', body)).status).toBe(201);
    const duplicate = await post('/v1/members', body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(duplicate.body).toMatchObject({
      type: 'urn:lienthong:problem:TRUST_MEMBER_EXISTS',
      code: 'TRUST_MEMBER_EXISTS',
      status: 409,
    });
  });

  it('grants access rights only on fields the service offers', async () => {
    expect((await post('/v1/members/POP/subsystems', { code: 'registry' })).status).toBe(201);
    expect((await post('/v1/members', { code: 'CIV', name: 'Civil status' })).status).toBe(201);
    expect((await post('/v1/members/CIV/subsystems', { code: 'registry' })).status).toBe(201);
    const service = await post('/v1/services', {
      code: 'citizen-by-id',
      version: 1,
      provider: { member: 'POP', subsystem: 'registry' },
      requestType: 'urn:lienthong:population:citizen-by-id-request:1',
      responseType: 'urn:lienthong:population:citizen-by-id-response:1',
      title: 'Citizen by personal id',
      fields: ['fullName', 'dateOfBirth', 'address.province'],
    });
    expect(service.status).toBe(201);
    const right = {
      consumer: { member: 'CIV', subsystem: 'registry' },
      service: 'citizen-by-id',
      purposes: ['1.001193'],
      legalBases: { '1.001193': [HO_TICH] },
    };
    // legal bases of a purpose the right does not grant, or one basis twice: refused
    const stray = await post('/v1/access-rights', {
      ...right,
      fields: ['fullName'],
      legalBases: { '1.001193': [HO_TICH], '1.011537': [HO_TICH] },
    });
    const twice = await post('/v1/access-rights', {
      ...right,
      fields: ['fullName'],
      legalBases: { '1.001193': [HO_TICH, HO_TICH] },
    });
    // a citation where the code goes is not a code
    const citationAsCode = await post('/v1/access-rights', {
      ...right,
      fields: ['fullName'],
      legalBases: { '1.001193': [{ code: HO_TICH.citation, citation: HO_TICH.citation }] },
    });
    expect(
      [stray, twice, citationAsCode].map((r) => [r.status, (r.body as { code: string }).code]),
    ).toEqual([
      [400, 'TRUST_ACCESS_RIGHT_LEGAL_BASES_INVALID'],
      [400, 'TRUST_ACCESS_RIGHT_LEGAL_BASES_INVALID'],
      [400, 'REQUEST_INVALID'],
    ]);
    expect(stray.body).toMatchObject({ purposes: ['1.011537'] });
    const tooMuch = await post('/v1/access-rights', { ...right, fields: ['fullName', 'religion'] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({
      code: 'TRUST_ACCESS_RIGHT_FIELDS_NOT_OFFERED',
      fields: ['religion'],
    });
    expect((await post('/v1/access-rights', { ...right, fields: ['fullName'] })).status).toBe(201);
    const event = await post('/v1/event-rights', {
      subscriber: { member: 'POP', subsystem: 'registry' },
      publisher: 'CIV',
      eventType: 'birth-registered',
    });
    expect(event.status).toBe(201);
  });

  it('issues from a CSR, revokes, and publishes a verifiable configuration listing the revocation', async () => {
    const keys = generateKeyPair('ES256');
    const csr = await createCsr({
      ...keys,
      identity: { member: 'POP', subsystem: 'registry' },
      organizationName: 'Population registry',
    });
    const unregistered = await post('/v1/certificates', { member: 'POP', subsystem: 'nope', csr });
    expect(unregistered.status).toBe(422);
    expect(body(unregistered).code).toBe('TRUST_CERTIFICATE_SUBJECT_UNKNOWN');
    const issued = await post('/v1/certificates', { member: 'POP', subsystem: 'registry', csr });
    expect(issued.status).toBe(201);
    const thumbprint = body(issued).thumbprint;
    expect((await get('/v1/certificates?member=POP')).body).toHaveLength(1);

    const blankNote = await post(`/v1/certificates/${thumbprint}/revoke`, {
      reason: 'keyCompromise',
      note: '   ',
    });
    expect(blankNote.status).toBe(400);
    const revoked = await post(`/v1/certificates/${thumbprint}/revoke`, {
      reason: 'keyCompromise',
      note: 'Khóa bị lộ khi bàn giao máy chủ',
    });
    expect(revoked.status).toBe(200);
    expect(body(revoked)).toMatchObject({
      status: 'revoked',
      reason: 'keyCompromise',
      revokedBy: 'operator@example.gov.vn',
      note: 'Khóa bị lộ khi bàn giao máy chủ',
    });
    const listed = (await get('/v1/certificates?member=POP', auditor)).body as unknown[];
    expect(listed).toEqual([
      expect.objectContaining({ thumbprint, revokedBy: 'operator@example.gov.vn' }),
    ]);
    const again = await post(`/v1/certificates/${thumbprint}/revoke`, { reason: 'keyCompromise' });
    expect(body(again).code).toBe('TRUST_CERTIFICATE_ALREADY_REVOKED');

    const published = await post('/v1/configuration/publish', {});
    expect(published.status).toBe(200);
    const current = await get('/v1/configuration');
    const anchors = [body(await http().get('/v1/ca')).root];
    const verified = await VerifiedConfiguration.open(
      Buffer.from(body(current).payload, 'base64url'),
      body(current).signature,
      { anchors, schemas: new SchemaRegistry(), at: new Date() },
    );
    expect(verified.version).toBe(Number(body(published).version));
    expect(verified.config.revocations).toEqual([
      expect.objectContaining({ thumbprint, reason: 'keyCompromise' }),
    ]);
    // the operator's note and name stay in the registry
    expect(JSON.stringify(verified.config)).not.toContain('Khóa bị lộ');
    const pop = verified.config.members.find((m) => m.code === 'POP');
    expect(pop?.organId).toBe('000.00.00.G22');
    expect(pop?.subsystems).toEqual([{ code: 'registry', certificates: [] }]);
    expect(verified.config.accessRights).toEqual([
      {
        consumer: { member: 'CIV', subsystem: 'registry' },
        service: 'citizen-by-id',
        purposes: ['1.001193'],
        fields: ['fullName'],
        legalBases: { '1.001193': [HO_TICH] },
      },
    ]);
    expect(verified.config.members.map((m) => m.code)).toContain('TRUST');

    const entry = await app.get<KvLike>(CONFIG_KV).get('global');
    const record = decodeConfigurationRecord(entry?.value ?? new Uint8Array());
    expect(record.bytes.toString('base64url')).toBe(body(current).payload);
  });

  it('refuses a CSR naming another member or organ id: 422 problem+json, nothing issued', async () => {
    const csrFor = async (member: string, organId?: string) =>
      createCsr({
        ...generateKeyPair('ES256'),
        identity: { member, subsystem: 'registry' },
        organizationName: 'Population registry',
        ...(organId === undefined ? {} : { organId }),
      });
    const before = (await get('/v1/certificates')).body as unknown[];
    const refusals = [
      // POP's CSR claiming another agency's organ id
      { member: 'POP', csr: await csrFor('POP', '000.00.00.G23'), field: 'organId' },
      // a CSR of CIV submitted as POP's
      { member: 'POP', csr: await csrFor('CIV'), field: 'member' },
      // CIV has no organ id: its CSR may not claim POP's
      { member: 'CIV', csr: await csrFor('CIV', '000.00.00.G22'), field: 'organId' },
    ];
    for (const refusal of refusals) {
      const response = await post('/v1/certificates', {
        member: refusal.member,
        subsystem: 'registry',
        csr: refusal.csr,
      });
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:lienthong:problem:TRUST_CERTIFICATE_CSR_SUBJECT_MISMATCH',
        code: 'TRUST_CERTIFICATE_CSR_SUBJECT_MISMATCH',
        field: refusal.field,
      });
    }
    expect((await get('/v1/certificates')).body).toEqual(before);

    const matching = await post('/v1/certificates', {
      member: 'POP',
      subsystem: 'registry',
      csr: await csrFor('POP', '000.00.00.G22'),
    });
    expect(matching.status).toBe(201);
    expect(parseCertificate(body(matching).pem).organId).toBe('000.00.00.G22');
  });

  it('previews a change list as a diff of the signed configuration and keeps nothing', async () => {
    const before = await post('/v1/configuration/publish', {});
    const rights = (await get('/v1/access-rights')).body as { id: string; service: string }[];
    const civRight = rights.find((r) => r.service === 'citizen-by-id');
    const changes = [
      {
        kind: 'grantAccessRight',
        consumer: { member: 'POP', subsystem: 'registry' },
        service: 'citizen-by-id',
        purposes: ['KHAI-SINH-LT'],
        fields: ['fullName', 'dateOfBirth'],
      },
      { kind: 'withdrawAccessRight', id: civRight?.id },
    ];
    const preview = await post('/v1/configuration/preview', { changes });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      base: { version: Number(body(before).version), issuedAt: body(before).issuedAt },
      diff: [
        {
          section: 'accessRights',
          change: 'removed',
          key: 'CIV/registry → citizen-by-id',
          before: expect.objectContaining({ purposes: ['1.001193'] }) as unknown,
          after: null,
        },
        {
          section: 'accessRights',
          change: 'added',
          key: 'POP/registry → citizen-by-id',
          before: null,
          after: {
            consumer: { member: 'POP', subsystem: 'registry' },
            service: 'citizen-by-id',
            purposes: ['KHAI-SINH-LT'],
            fields: ['fullName', 'dateOfBirth'],
            // granted without legal bases: it allows none (docs/protocol.md §9)
            legalBases: {},
          },
        },
      ],
    });
    // the draft's transaction was rolled back: the registry and the configuration are as before
    expect((await get('/v1/access-rights')).body).toEqual(rights);
    expect(await currentVersion()).toBe(Number(body(before).version));
    // an auditor may not preview (a write of the operator API), and reads the history
    expect((await post('/v1/configuration/preview', { changes }, auditor)).status).toBe(403);
    expect((await get('/v1/configuration/changes', auditor)).status).toBe(200);
  });

  it('answers a change failing its checks with its problem, in a preview and a publish alike', async () => {
    const tooMuch = {
      kind: 'grantAccessRight',
      consumer: { member: 'POP', subsystem: 'registry' },
      service: 'citizen-by-id',
      purposes: ['KHAI-SINH-LT'],
      fields: ['religion'],
    };
    const preview = await post('/v1/configuration/preview', { changes: [tooMuch] });
    expect(preview.status).toBe(400);
    expect(body(preview).code).toBe('TRUST_ACCESS_RIGHT_FIELDS_NOT_OFFERED');
    const unknownId = await post('/v1/configuration/preview', {
      changes: [{ kind: 'withdrawEventRight', id: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(body(unknownId).code).toBe('TRUST_EVENT_RIGHT_NOT_FOUND');
    const malformed = await post('/v1/configuration/preview', {
      changes: [{ kind: 'dropTables' }],
    });
    expect(malformed.status).toBe(400);
    expect(body(malformed).code).toBe('REQUEST_INVALID');
    // a publish whose second change fails applies neither and keeps no history
    const version = await currentVersion();
    const grant = { ...tooMuch, fields: ['fullName'] };
    const failed = await post('/v1/configuration/changes', {
      changes: [grant, tooMuch],
      summary: 'thử',
    });
    expect(body(failed).code).toBe('TRUST_ACCESS_RIGHT_FIELDS_NOT_OFFERED');
    expect(
      ((await get('/v1/access-rights')).body as { consumer: { member: string } }[]).some(
        (r) => r.consumer.member === 'POP',
      ),
    ).toBe(false);
    expect((await get('/v1/configuration/changes')).body).toEqual([]);
    expect(await currentVersion()).toBe(version);
    const noReason = await post('/v1/configuration/changes', { changes: [grant], summary: ' ' });
    expect(noReason.status).toBe(400);
  });

  it('publishes a change list at once, signed, and keeps who published what, when and why', async () => {
    const before = await currentVersion();
    const changes = [
      {
        kind: 'grantEventRight',
        subscriber: { member: 'CIV', subsystem: 'registry' },
        publisher: 'POP',
        eventType: 'residence-changed',
      },
    ];
    const published = await post('/v1/configuration/changes', {
      changes,
      summary: 'Hộ tịch nhận thay đổi cư trú',
    });
    expect(published.status).toBe(200);
    const change = published.body as { version: number; diff: unknown[]; publishedBy: string };
    expect(change.version).toBeGreaterThan(before);
    expect(change.publishedBy).toBe('operator@example.gov.vn');
    expect(change.diff).toEqual([
      expect.objectContaining({
        section: 'eventRights',
        change: 'added',
        key: 'CIV/registry ← POP: residence-changed',
      }),
    ]);
    // the signed configuration in the bucket carries it already
    const entry = await app.get<KvLike>(CONFIG_KV).get('global');
    const record = decodeConfigurationRecord(entry?.value ?? new Uint8Array());
    const verified = await VerifiedConfiguration.open(record.bytes, record.signature, {
      anchors: [body(await http().get('/v1/ca')).root],
      schemas: new SchemaRegistry(),
      at: new Date(),
    });
    expect(verified.version).toBe(change.version);
    expect(verified.config.eventRights).toContainEqual({
      subscriber: { member: 'CIV', subsystem: 'registry' },
      publisher: 'POP',
      eventType: 'residence-changed',
    });
    const history = (await get('/v1/configuration/changes', auditor)).body as unknown[];
    expect(history).toEqual([
      expect.objectContaining({
        publishedBy: 'operator@example.gov.vn',
        summary: 'Hộ tịch nhận thay đổi cư trú',
        changes,
        version: change.version,
      }),
    ]);
  });

  it("names the subsystem that receives a member's documents once it is registered", async () => {
    const member = {
      code: 'NOTARY',
      name: 'Notary office',
      organId: '000.00.00.N01',
      documentsSubsystem: 'registry',
    };
    expect((await post('/v1/members', member)).status).toBe(201);
    // a client system first (it sorts before the adapter's subsystem)
    expect((await post('/v1/members/NOTARY/subsystems', { code: 'client' })).status).toBe(201);
    const documentsOf = async () => {
      expect((await post('/v1/configuration/publish', {})).status).toBe(200);
      const current = body(await get('/v1/configuration'));
      const verified = await VerifiedConfiguration.open(
        Buffer.from(current.payload, 'base64url'),
        current.signature,
        {
          anchors: [body(await http().get('/v1/ca')).root],
          schemas: new SchemaRegistry(),
          at: new Date(),
        },
      );
      return verified.config.members.find((m) => m.code === 'NOTARY');
    };
    // never a pointer to a subsystem that is not registered
    expect((await documentsOf())?.documentsSubsystem).toBeUndefined();
    expect((await post('/v1/members/NOTARY/subsystems', { code: 'registry' })).status).toBe(201);
    const notary = await documentsOf();
    expect(notary?.subsystems.map((s) => s.code)).toEqual(['client', 'registry']);
    expect(notary?.documentsSubsystem).toBe('registry');
  });

  it('reports health of db, nats and the configuration age', async () => {
    const response = await http().get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', db: 'up', nats: 'up' });
  });

  it('loads the same CA on the next boot instead of creating a new one', async () => {
    const before = body(await http().get('/v1/ca')).root;
    const second = await createTrustApp(loadTrustConfig(env));
    try {
      const after = body(await request(second.getHttpServer() as Server).get('/v1/ca')).root;
      expect(after).toBe(before);
    } finally {
      await second.close();
    }
  });
});
