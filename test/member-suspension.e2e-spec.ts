// Real: nats-server, PostgreSQL, the trust service over HTTP (CA, registry, the signed global
// configuration it publishes to KV), two adapters whose keys the trust CA certified; for events, a
// subscribing adapter on a test bus and the `lt dlq` operations. Mocked: nothing.
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { type Server } from 'node:http';
import { join } from 'node:path';
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { exportJWK, generateKeyPair as generateJoseKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import {
  AdapterKitModule,
  BusRuntime,
  EVENT_ENTITIES,
  loadAdapterConfig,
  type AgencyDefinition,
  type BusEvent,
  type EventHandler,
  type LookupHandler,
  type LookupOutcome,
} from '@lienthong/adapter-kit';
import { eventMessageType } from '@lienthong/adapter-kit/testing';
import { seal } from '@lienthong/envelope';
import { ProblemFilter } from '@lienthong/errors';
import {
  NATS_MSG_ID,
  connectBus,
  drainBus,
  ensureStreams,
  eventSubject,
  jetstream,
  jetstreamManager,
  toNatsHeaders,
  type NatsConnection,
} from '@lienthong/messaging';
import { createDataSource, dropSchema } from '@lienthong/persistence';
import { createCsr, exportPrivateKeyPem, generateKeyPair } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  createTestSchema,
  eventually,
  makeTempRoot,
  publishedAuditRecords,
  TestBus,
  testDatabaseUrl,
  testNamespace,
  testNatsConnection,
  testNatsEnv,
  uniqueSuffix,
  type TestSchema,
} from '@lienthong/testing';
import { VerifiedConfiguration } from '@lienthong/trust';
import { CONFIG_KV } from '../apps/trust/src/trust-bus.module';
import { createTrustApp } from '../apps/trust/src/trust.app';
import { loadTrustConfig } from '../apps/trust/src/trust.config';
import { DeadLetterQueue } from '../tools/cli/dlq';

const CITIZEN = '001085012345';
const REQUEST_TYPE = 'urn:lienthong:population:citizen-by-id-request:1';
const RESPONSE_TYPE = 'urn:lienthong:population:citizen-by-id-response:1';
const PURPOSE = {
  procedure: 'KHAI-SINH-LT',
  legalBasis: 'Nghị định 63/2024/NĐ-CP',
  caseId: 'HS-7',
};
const OPERATOR_SUBJECT = 'operator-on-duty@example.gov.vn';

/** A registry of one citizen that counts the look-ups reaching it. */
abstract class CountingCitizenHandler implements LookupHandler<
  { personalId: string },
  Record<string, unknown>
> {
  abstract readonly service: string;
  readonly requestType = REQUEST_TYPE;
  readonly identifierField = 'personalId';
  calls = 0;

  handle(
    _ctx: unknown,
    query: { personalId: string },
  ): Promise<LookupOutcome<Record<string, unknown>>> {
    this.calls++;
    return Promise.resolve(
      query.personalId === CITIZEN
        ? { status: 'FOUND', record: { personalId: CITIZEN, fullName: 'Nguyễn Văn An' } }
        : { status: 'NOT_FOUND' },
    );
  }
}

/** POP's service. */
@Injectable()
class PopCitizenHandler extends CountingCitizenHandler {
  readonly service = 'citizen-by-id';
}

/** CIV's service (same message types, its own catalog entry), so that POP can ask CIV. */
@Injectable()
class CivCitizenHandler extends CountingCitizenHandler {
  readonly service = 'civ-citizen';
}

/** An adapter's environment, database schema and the key of its officers' identity provider. */
interface AgencyFiles {
  readonly env: Record<string, string>;
  readonly schema: string;
  readonly officerKey: KeyObject;
}

describe('suspending and reinstating a member through the trust service', () => {
  const namespace = testNamespace();
  const trustSchema = `trust_${uniqueSuffix()}`;
  const dir = makeTempRoot('lt-suspension-');
  const dbSchemas: TestSchema[] = [];
  const agencies = new Map<string, AgencyFiles>();
  const adapters = new Map<string, INestApplication>();
  let nc: NatsConnection;
  let trust: INestApplication;
  let operatorKey: CryptoKey;
  let operator: string;
  let auditor: string;
  let anchors: string[];

  async function operatorToken(role: string): Promise<string> {
    return new SignJWT({ role })
      .setProtectedHeader({ alg: 'ES256', kid: 'op-1' })
      .setSubject(OPERATOR_SUBJECT)
      .setIssuer('lienthong-operator')
      .setAudience('lienthong-trust')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(operatorKey);
  }

  const http = () => request(trust.getHttpServer() as Server);
  const send = (method: 'post' | 'delete', path: string, body?: object, as = operator) => {
    const call = http()[method](path).set('Authorization', `Bearer ${as}`);
    return body === undefined ? call : call.send(body);
  };
  const get = (path: string, as = operator) =>
    http().get(path).set('Authorization', `Bearer ${as}`);

  /** A set-up write that must succeed (201); throws with the problem otherwise. */
  async function created(path: string, body: object): Promise<request.Response> {
    const response = await send('post', path, body);
    if (response.status !== 201) {
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response;
  }

  /** Registers a member with subsystem `registry`, has its CSR certified, writes its files. */
  async function enrol(member: string, ca: { root: string; issuing: string }): Promise<void> {
    await created('/v1/members', { code: member, name: `Test ${member}` });
    await created(`/v1/members/${member}/subsystems`, { code: 'registry' });
    const keys = generateKeyPair('ES256');
    const csr = await createCsr({
      ...keys,
      identity: { member, subsystem: 'registry' },
      organizationName: `Test ${member}`,
    });
    const issued = await created('/v1/certificates', { member, subsystem: 'registry', csr });
    const files = {
      key: join(dir, `${member}.key.pem`),
      cert: join(dir, `${member}.cert.pem`),
      chain: join(dir, `${member}.chain.pem`),
      anchor: join(dir, 'root.pem'),
      subjectKey: join(dir, 'subject.key'),
      officer: join(dir, `${member}.officer.pub.pem`),
    };
    await writeFile(files.key, exportPrivateKeyPem(keys.privateKey), { mode: 0o600 });
    await writeFile(files.cert, (issued.body as { pem: string }).pem);
    await writeFile(files.chain, ca.issuing);
    await writeFile(files.anchor, ca.root);
    const officer = generateKeyPair('ES256');
    await writeFile(
      files.officer,
      createPublicKey(officer.privateKey).export({ type: 'spki', format: 'pem' }),
    );
    const schema = await createTestSchema(testDatabaseUrl());
    dbSchemas.push(schema);
    agencies.set(member, {
      officerKey: officer.privateKey,
      schema: schema.schema,
      env: {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        ...testNatsEnv(),
        DATABASE_URL: testDatabaseUrl(),
        LT_KEY_FILE: files.key,
        LT_CERT_FILE: files.cert,
        LT_CHAIN_FILE: files.chain,
        LT_ANCHOR_FILE: files.anchor,
        LT_SUBJECT_KEY_FILE: files.subjectKey,
        OFFICER_TOKEN_PUBLIC_KEY_FILE: files.officer,
        BUS_SUBJECT_ROOT: namespace.subjectRoot,
        BUS_STREAM_PREFIX: namespace.streamPrefix,
      },
    });
  }

  /** Starts an adapter and waits until it holds a verified configuration. */
  async function start(
    member: string,
    handler: AgencyDefinition['lookupHandlers'][number],
  ): Promise<void> {
    const { env, schema } = agencies.get(member) as AgencyFiles;
    const definition: AgencyDefinition = {
      member,
      subsystem: 'registry',
      title: `Test ${member}`,
      schema,
      entities: [],
      migrations: [],
      lookupHandlers: [handler],
    };
    const moduleRef = await Test.createTestingModule({
      imports: [AdapterKitModule.forAgency(definition, loadAdapterConfig(env))],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
    adapters.set(member, app);
    await eventually(
      () => {
        if (!app.get(BusRuntime).configuration.status().ok) {
          throw new Error(`${member} holds no verified configuration yet`);
        }
      },
      { timeoutMs: 10_000 },
    );
  }

  async function officerToken(member: string): Promise<string> {
    return new SignJWT({ role: 'officer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('officer-01')
      .setIssuer(`lienthong:${member}`)
      .setAudience(`lienthong:${member}`)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign((agencies.get(member) as AgencyFiles).officerKey);
  }

  /** An officer of `consumer` asks `service` through its adapter's HTTP API. */
  async function lookup(consumer: string, service: string) {
    return request((adapters.get(consumer) as INestApplication).getHttpServer() as Server)
      .post(`/v1/lookups/${service}`)
      .set('Authorization', `Bearer ${await officerToken(consumer)}`)
      .send({ purpose: PURPOSE, query: { personalId: CITIZEN } });
  }

  /** How CIV's suspension looks in the configuration `member`'s adapter works under. */
  const markSeenBy = (member: string) =>
    (adapters.get(member) as INestApplication).get(BusRuntime).configuration.current().member('CIV')
      ?.suspension;

  /** The trust service's current published configuration, verified against the bus root. */
  async function published(): Promise<VerifiedConfiguration> {
    const current = (await get('/v1/configuration')).body as { payload: string; signature: string };
    return VerifiedConfiguration.open(
      Buffer.from(current.payload, 'base64url'),
      current.signature,
      {
        anchors,
        schemas: new SchemaRegistry(),
        at: new Date(),
      },
    );
  }

  /** Outcome codes of the audit records `member` wrote, as stored on LT_AUDIT. */
  async function auditCodes(member: string): Promise<string[]> {
    const records = await publishedAuditRecords(nc, namespace, member);
    return records.map((r) => (r.outcome.status === 'refused' ? r.outcome.code : r.outcome.status));
  }

  const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

  beforeAll(async () => {
    nc = await connectBus({ ...testNatsConnection(), name: 'member-suspension-test' });
    await ensureStreams(await jetstreamManager(nc), namespace, { replicas: 1 });
    const operatorKeys = await generateJoseKeyPair('ES256');
    operatorKey = operatorKeys.privateKey;
    const jwksFile = join(dir, 'operators.jwks.json');
    await writeFile(
      jwksFile,
      JSON.stringify({
        keys: [{ ...(await exportJWK(operatorKeys.publicKey)), kid: 'op-1', alg: 'ES256' }],
      }),
    );
    await writeFile(join(dir, 'subject.key'), randomBytes(32), { mode: 0o600 });
    trust = await createTrustApp(
      loadTrustConfig({
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: trustSchema,
        ...testNatsEnv(),
        TRUST_DATA_DIR: join(dir, 'ca'),
        TRUST_HTTP_PORT: '0',
        BUS_SUBJECT_ROOT: namespace.subjectRoot,
        BUS_STREAM_PREFIX: namespace.streamPrefix,
        // only the writes publish: every change in this test reaches the adapters through them
        CONFIG_PUBLISH_INTERVAL_SECONDS: '3600',
        OPERATOR_JWKS_FILE: jwksFile,
      }),
    );
    operator = await operatorToken('operator');
    auditor = await operatorToken('auditor');
    const ca = (await http().get('/v1/ca')).body as { root: string; issuing: string };
    anchors = [ca.root];
    await enrol('POP', ca);
    await enrol('CIV', ca);
    const service = (code: string, provider: string) => ({
      code,
      version: 1,
      provider: { member: provider, subsystem: 'registry' },
      requestType: REQUEST_TYPE,
      responseType: RESPONSE_TYPE,
      title: `Citizen (${provider})`,
      fields: ['personalId', 'fullName'],
    });
    const right = (consumer: string, code: string) => ({
      consumer: { member: consumer, subsystem: 'registry' },
      service: code,
      purposes: [PURPOSE.procedure],
      fields: ['personalId', 'fullName'],
    });
    for (const [path, body] of [
      ['/v1/services', service('citizen-by-id', 'POP')],
      ['/v1/services', service('civ-citizen', 'CIV')],
      ['/v1/access-rights', right('CIV', 'citizen-by-id')],
      ['/v1/access-rights', right('POP', 'civ-citizen')],
    ] as const) {
      await created(path, body);
    }
    await send('post', '/v1/configuration/publish', {});
    await start('POP', PopCitizenHandler);
    await start('CIV', CivCitizenHandler);
  });

  afterAll(async () => {
    for (const app of adapters.values()) {
      await app.close();
    }
    if (trust !== undefined) {
      await trust.get<{ destroy(): Promise<boolean> }>(CONFIG_KV).destroy();
      await trust.close();
    }
    const ds = await createDataSource({
      url: testDatabaseUrl(),
      schema: trustSchema,
      entities: [],
      migrations: [],
      applicationName: 'member-suspension-cleanup',
    });
    await dropSchema(ds, trustSchema);
    await ds.destroy();
    for (const schema of dbSchemas) {
      await schema.drop();
    }
    if (nc !== undefined) {
      await drainBus(nc);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('answers look-ups both ways before any suspension', async () => {
    const fromCiv = await lookup('CIV', 'citizen-by-id');
    expect([fromCiv.status, fromCiv.body.status]).toEqual([200, 'FOUND']);
    const toCiv = await lookup('POP', 'civ-citizen');
    expect([toCiv.status, toCiv.body.status]).toEqual([200, 'FOUND']);
    expect((await published()).member('CIV')?.suspension).toBeUndefined();
  });

  it('refuses bad suspension requests with problem+json and changes nothing', async () => {
    const before = (await published()).version;
    const cases: [Promise<request.Response>, number, string][] = [
      [send('post', '/v1/members/TAX/suspension', { reason: 'x' }), 404, 'TRUST_MEMBER_NOT_FOUND'],
      [send('delete', '/v1/members/TAX/suspension'), 404, 'TRUST_MEMBER_NOT_FOUND'],
      [
        send('post', '/v1/members/TRUST/suspension', { reason: 'x' }),
        422,
        'TRUST_MEMBER_SUSPENSION_FORBIDDEN',
      ],
      [send('delete', '/v1/members/CIV/suspension'), 409, 'TRUST_MEMBER_NOT_SUSPENDED'],
      [
        send('post', '/v1/members/CIV/suspension', {
          reason: 'x',
          until: new Date(Date.now() - 1000).toISOString(),
        }),
        400,
        'TRUST_MEMBER_SUSPENSION_END_INVALID',
      ],
      [send('post', '/v1/members/CIV/suspension', {}), 400, 'REQUEST_INVALID'],
      [send('post', '/v1/members/CIV/suspension', { reason: '   ' }), 400, 'REQUEST_INVALID'],
      [
        send('post', '/v1/members/CIV/suspension', { reason: 'x', until: 'tomorrow' }),
        400,
        'REQUEST_INVALID',
      ],
      [
        send('post', '/v1/members/CIV/suspension', { reason: 'x', admin: true }),
        400,
        'REQUEST_INVALID',
      ],
      [send('post', '/v1/members/civ/suspension', { reason: 'x' }), 400, 'REQUEST_INVALID'],
      [
        send('post', '/v1/members/CIV/suspension', { reason: 'x' }, auditor),
        403,
        'AUTH_ROLE_FORBIDDEN',
      ],
      [http().delete('/v1/members/CIV/suspension'), 401, 'AUTH_TOKEN_MISSING'],
    ];
    for (const [call, status, code] of cases) {
      const response = await call;
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect(response.body.type).toBe(`urn:lienthong:problem:${code}`);
    }
    expect((await get('/v1/members/CIV/suspensions')).body).toEqual([]);
    const members = (await get('/v1/members')).body as { code: string; status: string }[];
    expect(members.map((m) => [m.code, m.status])).toEqual([
      ['CIV', 'active'],
      ['POP', 'active'],
    ]);
    // refusals publish nothing: the configuration is the one from before
    expect((await published()).version).toBe(before);
  });

  it('suspends CIV: its look-ups are refused by the provider, and nothing is sent to it', async () => {
    const suspended = await send('post', '/v1/members/CIV/suspension', {
      reason: 'system compromised, incident 2026-17',
    });
    expect(suspended.status).toBe(201);
    expect(suspended.body).toMatchObject({
      code: 'CIV',
      status: 'suspended',
      suspension: {
        reason: 'system compromised, incident 2026-17',
        until: null,
        suspendedBy: OPERATOR_SUBJECT,
        end: null,
      },
    });
    const again = await send('post', '/v1/members/CIV/suspension', { reason: 'twice' });
    expect([again.status, again.body.code]).toEqual([409, 'TRUST_MEMBER_ALREADY_SUSPENDED']);

    // the next configuration keeps CIV, its certificate, and marks it (the reason stays private)
    await eventually(async () => {
      const civ = (await published()).member('CIV');
      expect(civ?.suspension).toEqual({ since: suspended.body.suspension.since });
      expect(civ?.subsystems[0]?.certificates).toHaveLength(1);
    });
    await eventually(() => {
      expect(markSeenBy('POP')).toBeDefined();
      expect(markSeenBy('CIV')).toBeDefined();
    });

    const pop = adapters.get('POP')?.get(PopCitizenHandler) as PopCitizenHandler;
    const civ = adapters.get('CIV')?.get(CivCitizenHandler) as CivCitizenHandler;
    const [popCalls, civCalls] = [pop.calls, civ.calls];
    const popAuditBefore = await auditCodes('POP');

    // from the suspended member: POP's verifier refuses it, and says so in a signed error reply
    const fromCiv = await lookup('CIV', 'citizen-by-id');
    expect(fromCiv.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([fromCiv.status, fromCiv.body.code]).toEqual([403, 'ENVELOPE_SENDER_SUSPENDED']);
    expect(fromCiv.body.evidence.provider).toEqual({ member: 'POP', subsystem: 'registry' });
    expect(pop.calls).toBe(popCalls);

    // to the suspended member: POP's client refuses before sending anything
    const toCiv = await lookup('POP', 'civ-citizen');
    expect(toCiv.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([toCiv.status, toCiv.body.code]).toEqual([403, 'ENVELOPE_RECIPIENT_SUSPENDED']);
    expect(civ.calls).toBe(civCalls);

    // POP audited each refusal once: the request it refused, the one it did not send
    await eventually(async () => {
      const after = await auditCodes('POP');
      expect(count(after, 'ENVELOPE_SENDER_SUSPENDED')).toBe(
        count(popAuditBefore, 'ENVELOPE_SENDER_SUSPENDED') + 1,
      );
      expect(count(after, 'ENVELOPE_RECIPIENT_SUSPENDED')).toBe(
        count(popAuditBefore, 'ENVELOPE_RECIPIENT_SUSPENDED') + 1,
      );
    });
  });

  it('reinstates CIV: both look-ups work again, and the registry keeps the history', async () => {
    const reinstated = await send('delete', '/v1/members/CIV/suspension');
    expect(reinstated.status).toBe(200);
    expect(reinstated.body).toMatchObject({ code: 'CIV', status: 'active', suspension: null });
    const again = await send('delete', '/v1/members/CIV/suspension');
    expect([again.status, again.body.code]).toEqual([409, 'TRUST_MEMBER_NOT_SUSPENDED']);

    await eventually(() => {
      expect(markSeenBy('POP')).toBeUndefined();
      expect(markSeenBy('CIV')).toBeUndefined();
    });
    const fromCiv = await lookup('CIV', 'citizen-by-id');
    expect([fromCiv.status, fromCiv.body.status]).toEqual([200, 'FOUND']);
    const toCiv = await lookup('POP', 'civ-citizen');
    expect([toCiv.status, toCiv.body.status]).toEqual([200, 'FOUND']);

    const history = (await get('/v1/members/CIV/suspensions', auditor)).body as object[];
    expect(history).toEqual([
      expect.objectContaining({
        reason: 'system compromised, incident 2026-17',
        suspendedBy: OPERATOR_SUBJECT,
        endedBy: OPERATOR_SUBJECT,
        end: 'reinstated',
      }),
    ]);
  });

  it('ends a suspension with an end date by itself, on every adapter and in the registry', async () => {
    const until = new Date(Date.now() + 8_000);
    const suspended = await send('post', '/v1/members/CIV/suspension', {
      reason: 'maintenance window',
      until: until.toISOString(),
    });
    expect(suspended.status).toBe(201);
    expect(suspended.body.suspension.until).toBe(until.toISOString());
    await eventually(() => {
      expect(markSeenBy('POP')).toEqual({
        since: suspended.body.suspension.since,
        until: until.toISOString(),
      });
    });
    const refused = await lookup('POP', 'civ-citizen');
    expect([refused.status, refused.body.code]).toEqual([403, 'ENVELOPE_RECIPIENT_SUSPENDED']);

    // past the end date, the adapters honour it with the configuration they already hold
    await eventually(
      async () => {
        const toCiv = await lookup('POP', 'civ-citizen');
        expect([toCiv.status, toCiv.body.status]).toEqual([200, 'FOUND']);
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const fromCiv = await lookup('CIV', 'citizen-by-id');
    expect([fromCiv.status, fromCiv.body.status]).toEqual([200, 'FOUND']);
    expect(markSeenBy('POP')).toBeDefined();

    // the next publication ends it in the registry and no longer marks CIV
    await send('post', '/v1/configuration/publish', {});
    expect((await published()).member('CIV')?.suspension).toBeUndefined();
    const [latest] = (await get('/v1/members/CIV/suspensions')).body as {
      end: string;
      endedAt: string;
      endedBy: string | null;
    }[];
    expect(latest).toMatchObject({ end: 'expired', endedAt: until.toISOString(), endedBy: null });
    const members = (await get('/v1/members')).body as { code: string; status: string }[];
    expect(members.find((m) => m.code === 'CIV')?.status).toBe('active');
  });
});

/** POP's entitled handler of CIV's births; counts the events it applied. */
@Injectable()
class CountingBirths implements EventHandler {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  readonly applied: string[] = [];
  handle(_ctx: unknown, event: BusEvent): Promise<void> {
    this.applied.push(event.id);
    return Promise.resolve();
  }
}

const BIRTH = {
  dossierId: '01a20a5c-3f10-7c2e-9b41-2f6a8e0c1d24',
  registration: { communeCode: '00004', bookNo: '01/2026', entryNo: 2, registeredOn: '2026-11-23' },
  child: {
    fullName: 'Trần Minh Khoa',
    sex: 'MALE',
    birthDate: '2026-11-20',
    placeOfBirth: 'Hà Nội',
  },
  fatherPersonalId: '001085012345',
  residenceParentPersonalId: '001085012345',
};

describe('events of a suspended member', () => {
  const registry = (member: string) => ({ member, subsystem: 'registry' });
  let bus: TestBus;
  let pop: INestApplication;
  let db: TestSchema;

  /** Publishes a configuration marking CIV suspended, or without the mark. */
  async function markCiv(suspended: boolean): Promise<void> {
    const { members } = bus.configuration();
    const config = await bus.publishConfiguration({
      members: members.map((m) =>
        m.code === 'CIV' && suspended
          ? { ...m, suspension: { since: new Date(Date.now() - 1000).toISOString() } }
          : m,
      ),
    });
    await eventually(() => {
      expect(pop.get(BusRuntime).configuration.current().version).toBe(config.version);
    });
  }

  beforeAll(async () => {
    bus = await TestBus.create({
      members: ['CIV', 'POP'].map(registry),
      eventRights: [
        { subscriber: registry('POP'), publisher: 'CIV', eventType: 'birth-registered' },
      ],
    });
    db = await createTestSchema(testDatabaseUrl());
    pop = await bus.startAdapter(
      {
        member: 'POP',
        subsystem: 'registry',
        title: 'Test POP',
        schema: db.schema,
        entities: [...EVENT_ENTITIES],
        migrations: [],
        lookupHandlers: [],
        consumerApi: false,
        eventHandlers: [CountingBirths],
      },
      { databaseUrl: db.url },
    );
  });

  afterAll(async () => {
    await pop?.close();
    await db?.drop();
    await bus?.close();
  });

  it('dead-letters its events with ENVELOPE_SENDER_SUSPENDED, and applies them once replayed after reinstatement', async () => {
    await markCiv(true);
    const civ = bus.member('CIV');
    const sealed = seal(
      { type: eventMessageType('birth-registered'), recipient: civ.identity, payload: BIRTH },
      civ.signer,
    );
    // without Nats-Msg-Id, so that the replay below is not absorbed by the duplicate window
    const { [NATS_MSG_ID]: _id, ...headers } = sealed.headers;
    await jetstream(bus.nc).publish(
      eventSubject(bus.namespace, 'CIV', 'birth-registered'),
      sealed.bytes,
      { headers: toNatsHeaders(headers) },
    );
    const dlq = DeadLetterQueue.on(bus.nc, bus.namespace);
    const [letter] = await eventually(async () => {
      const letters = await dlq.list();
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({ code: 'ENVELOPE_SENDER_SUSPENDED', replayed: false });
    const births = pop.get(CountingBirths);
    expect(births.applied).toEqual([]);

    await markCiv(false);
    await dlq.replay(letter?.seq ?? 0);
    await eventually(() => {
      expect(births.applied).toEqual([sealed.body.id]);
    });
    expect(await dlq.list()).toHaveLength(1);
  });
});
