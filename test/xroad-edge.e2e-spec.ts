// Real: nats-server, PostgreSQL, PKI, signed configuration, the legacy merit registry as a process
// of its own behind the configured adapter (NCC), the civil-status adapter (CIV) with its X-Road
// REST edge over mutual TLS, client systems holding certificates the bus issued. Mocked: nothing.
// Requests are built as the examples of X-Road's PR-REST 1.0.3 §4.1/§6 and PR-MREST 0.5 show them.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { connect } from 'node:tls';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { XRoadEdgeServer } from '@lienthong/adapter-kit/testing';
import {
  createCsr,
  createTlsCertificate,
  exportPrivateKeyPem,
  generateKeyPair,
} from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  makeTempRoot,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';
import { configuredAgencyDefinition } from '../apps/configured-adapter/src/configured-agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { verifyLookupEvidence } from '../tools/cli/verify-lookup-evidence';
import { MeritRegistryFixture, meritService } from './support/merit-registry';

const schemas = new SchemaRegistry();
const registry = (member: string) => ({ member, subsystem: 'registry' });
const DEATH = '1.011537';
const SERVICE_ID = 'LT-TEST/GOV/NCC/registry/merit-status-by-person';
const CLIENT = 'LT-TEST/GOV/CIV/hotich';

interface Credential {
  readonly cert: string;
  readonly key: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

describe('the X-Road REST edge: a client system calls the bus as it calls a security server', () => {
  let bus: TestBus;
  let dir: string;
  let legacy: MeritRegistryFixture;
  let edgeTls: { certificatePem: string; privateKeyPem: string };
  let port: number;
  let hotich: Credential;
  let unregistered: Credential;
  let foreign: Credential;
  let selfSigned: Credential;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];

  /** An HTTPS request to CIV's edge with a client certificate (what `curl --cert --key` sends). */
  function call(
    method: string,
    path: string,
    headers: Record<string, string>,
    credential?: Credential,
    body?: string,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
          ca: edgeTls.certificatePem,
          ...(credential ? { cert: credential.cert, key: credential.key } : {}),
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let parsed: Record<string, unknown> = {};
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              // XML or empty
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const lookupHeaders = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    'Content-Type': 'application/json',
    'X-Road-Client': CLIENT,
    'X-Road-UserId': 'VN001085012345',
    'X-Road-Issue': 'HS-2026-000123',
    'X-Lienthong-Procedure': DEATH,
    'X-Lienthong-Legal-Basis': encodeURIComponent('nd-63-2024'),
    ...extra,
  });
  const BODY = JSON.stringify({ personalId: '001058012345' });

  beforeAll(async () => {
    dir = makeTempRoot('lt-xroad-');
    legacy = new MeritRegistryFixture(dir);
    await legacy.start();
    bus = await TestBus.create({
      members: ['NCC', 'CIV', 'POP'].map(registry),
      services: [meritService(schemas)],
      accessRights: [
        {
          consumer: registry('CIV'),
          service: 'merit-status-by-person',
          purposes: [DEATH],
          fields: ['personalId', 'fullName', 'category', 'allowanceStatus'],
          legalBases: { [DEATH]: [{ code: 'nd-63-2024', citation: 'Nghị định 63/2024/NĐ-CP' }] },
        },
      ],
    });
    // client systems: CIV's civil-registration software and POP's, each with a certificate the
    // bus issued and the configuration registers; one more the CA issued but nobody registered
    hotich = await bus.addClientSystem({ member: 'CIV', subsystem: 'hotich' });
    foreign = await bus.addClientSystem({ member: 'POP', subsystem: 'cudan' });
    await bus.publishConfiguration();
    const pair = generateKeyPair('ES256');
    const stray = await bus.issuing.issueFromCsr(
      await createCsr({
        ...pair,
        identity: { member: 'CIV', subsystem: 'shadow' },
        organizationName: 'Test CIV',
      }),
      { validityDays: 5 },
    );
    unregistered = { cert: stray.pem, key: exportPrivateKeyPem(pair.privateKey) };
    const fake = await createTlsCertificate({ commonName: 'CIV', hosts: ['civ.invalid'] });
    selfSigned = { cert: fake.certificatePem, key: fake.privateKeyPem };

    edgeTls = await createTlsCertificate({ commonName: 'CIV adapter', hosts: ['127.0.0.1'] });
    writeFileSync(join(dir, 'edge.cert.pem'), edgeTls.certificatePem);
    writeFileSync(join(dir, 'edge.key.pem'), edgeTls.privateKeyPem);

    const agency = legacy.agency(schemas);
    for (const [name, definition] of [
      ['NCC', configuredAgencyDefinition(agency)],
      ['CIV', { ...POPULATION_AGENCY, member: 'CIV' }],
    ] as const) {
      const schema = await createTestSchema(testDatabaseUrl());
      dbSchemas.push(schema);
      apps.set(
        name,
        await bus.startAdapter(
          { ...definition, schema: schema.schema },
          name === 'CIV'
            ? {
                xroadTls: {
                  certFile: join(dir, 'edge.cert.pem'),
                  keyFile: join(dir, 'edge.key.pem'),
                },
              }
            : {},
        ),
      );
    }
    port = (apps.get('CIV') as INestApplication).get(XRoadEdgeServer).port as number;
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.values()) {
      await app.close();
    }
    for (const schema of dbSchemas) {
      await schema.drop();
    }
    await bus?.close();
    await legacy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a POST in X-Road form with the same verified, minimised answer an officer gets, and the X-Road headers', async () => {
    const answer = await call(
      'POST',
      `/r1/${SERVICE_ID}`,
      lookupHeaders({ 'X-Road-Id': 'fa2e18a5-c2cb-4d09-b994-f57727f7c3fb' }),
      hotich,
      BODY,
    );

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body).toMatchObject({
      status: 'FOUND',
      record: {
        personalId: '001058012345',
        fullName: 'Trần Văn Bình',
        category: 'WAR_INVALID',
        allowanceStatus: 'RECEIVING',
      },
      policy: { service: 'merit-status-by-person', purpose: DEATH },
    });
    expect(answer.body['record']).not.toHaveProperty('certificateNumber');
    expect(answer.headers['x-road-id']).toBe('fa2e18a5-c2cb-4d09-b994-f57727f7c3fb');
    expect(answer.headers['x-road-client']).toBe(CLIENT);
    expect(answer.headers['x-road-service']).toBe(SERVICE_ID);
    const evidence = answer.body['evidence'] as { requestId: string };
    expect(answer.headers['x-road-request-id']).toBe(evidence.requestId);
    expect(Buffer.from(answer.headers['x-road-request-hash'] as string, 'base64')).toHaveLength(64);
    expect(answer.headers['x-road-error']).toBeUndefined();
    const report = await verifyLookupEvidence(answer.body, bus.root.certificate.pem);
    expect(report.provider).toBe('NCC/registry');

    // the officer API gives the same record for the same request
    const officer = await request((apps.get('CIV') as INestApplication).getHttpServer())
      .post('/v1/lookups/merit-status-by-person')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({
        purpose: {
          procedure: DEATH,
          legalBasis: 'nd-63-2024',
          caseId: 'HS-2026-000123',
        },
        query: { personalId: '001058012345' },
      });
    expect(officer.body.record).toEqual(answer.body['record']);
  });

  it('binds the answer to the request: X-Road-Request-Hash is SHA-512 over the request as received', async () => {
    const answer = await call('POST', `/r1/${SERVICE_ID}`, lookupHeaders(), hotich, BODY);
    const id = answer.headers['x-road-request-id'] as string;
    const headers = lookupHeaders();
    const message =
      `POST\r\n/r1/${SERVICE_ID}\r\n` +
      Object.entries(headers)
        .map(([name, value]) => `${name}:${value}`)
        .join('\r\n') +
      `\r\nX-Road-Request-Id:${id}\r\n`;
    const sha512 = (data: Buffer | string) => createHash('sha512').update(data).digest();
    expect(answer.headers['x-road-request-hash']).toBe(
      sha512(Buffer.concat([sha512(message), sha512(BODY)])).toString('base64'),
    );
  });

  it.each([
    ['no client certificate', undefined, CLIENT],
    ['a self-signed certificate naming CIV', 'selfSigned', CLIENT],
    [
      'a certificate of the bus CA that the configuration does not register',
      'unregistered',
      'LT-TEST/GOV/CIV/shadow',
    ],
    ['a registered certificate of another member', 'foreign', 'LT-TEST/GOV/POP/cudan'],
    ['a spoofed X-Road-Client (another subsystem of CIV)', 'hotich', 'LT-TEST/GOV/CIV/registry'],
    ['a spoofed X-Road-Client (another member)', 'hotich', 'LT-TEST/GOV/POP/cudan'],
  ])(
    'refuses %s: Server.ClientProxy.SslAuthenticationFailed, nothing sent',
    async (_name, who, client) => {
      const credential = { hotich, foreign, unregistered, selfSigned }[who as 'hotich'] as
        Credential | undefined;
      const answer = await call(
        'POST',
        `/r1/${SERVICE_ID}`,
        lookupHeaders({ 'X-Road-Client': client }),
        credential,
        BODY,
      );

      expect(answer.status).toBe(500);
      expect(answer.headers['x-road-error']).toBe('Server.ClientProxy.SslAuthenticationFailed');
      expect(answer.body).toMatchObject({ type: 'Server.ClientProxy.SslAuthenticationFailed' });
      expect(answer.body['detail']).toEqual(expect.any(String));
      expect(answer.headers['x-road-request-id']).toBeUndefined();
    },
  );

  it('refuses the X-Road path on the plain listener (no TLS, no client): never by the header alone', async () => {
    const response = await request((apps.get('CIV') as INestApplication).getHttpServer())
      .post(`/r1/${SERVICE_ID}`)
      .set(lookupHeaders())
      .send(BODY);

    expect([response.status, response.headers['x-road-error']]).toEqual([
      500,
      'Server.ClientProxy.SslAuthenticationFailed',
    ]);
  });

  it('refuses a second X-Road-Client (Client.DuplicateHeaderField), sent on the wire as two lines', async () => {
    const raw = await rawCall(
      [
        `POST /r1/${SERVICE_ID} HTTP/1.1`,
        'Host: 127.0.0.1',
        `X-Road-Client: ${CLIENT}`,
        'X-Road-Client: LT-TEST/GOV/POP/cudan',
        'Content-Type: application/json',
        `Content-Length: ${BODY.length}`,
        'Connection: close',
        '',
        BODY,
      ].join('\r\n'),
      hotich,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/x-road-error: Client\.DuplicateHeaderField/i);
  });

  it('refuses header injection: a folded header line never reaches the edge, an encoded CR LF is refused', async () => {
    const folded = await rawCall(
      [
        `POST /r1/${SERVICE_ID} HTTP/1.1`,
        'Host: 127.0.0.1',
        `X-Road-Client: ${CLIENT}`,
        'X-Road-UserId: VN001',
        ' X-Road-Client: LT-TEST/GOV/POP/cudan',
        'Content-Type: application/json',
        `Content-Length: ${BODY.length}`,
        'Connection: close',
        '',
        BODY,
      ].join('\r\n'),
      hotich,
    );
    expect(folded).toMatch(/^HTTP\/1\.1 400 /);

    const encoded = await call(
      'POST',
      `/r1/${SERVICE_ID}`,
      lookupHeaders({ 'X-Road-UserId': 'VN001%0d%0aX-Road-Client:%20LT-TEST/GOV/POP/cudan' }),
      hotich,
      BODY,
    );
    expect([encoded.status, encoded.headers['x-road-error']]).toEqual([400, 'Client.BadRequest']);
  });

  it('refuses a call without purpose headers (Client.MissingHeaderField) and a body outside the schema', async () => {
    const { 'X-Lienthong-Procedure': _omitted, ...withoutProcedure } = lookupHeaders();
    const missing = await call('POST', `/r1/${SERVICE_ID}`, withoutProcedure, hotich, BODY);
    expect([missing.status, missing.body['type'], missing.body['code']]).toEqual([
      400,
      'Client.MissingHeaderField',
      'ACCESS_PURPOSE_MISSING',
    ]);

    const malformed = await call(
      'POST',
      `/r1/${SERVICE_ID}`,
      lookupHeaders(),
      hotich,
      JSON.stringify({ personalId: '12' }),
    );
    expect([malformed.status, malformed.body['type']]).toEqual([400, 'Client.InvalidBody']);
  });

  it('answers errors as PR-REST §4.6 Example 3 shows (type, message, detail; X-Road-Error)', async () => {
    // a service id without its service code does not comply with the protocol (Example 3)
    const answer = await call('GET', '/r1/LT-TEST/GOV/NCC/registry', lookupHeaders(), hotich);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-road-error']).toBe('Client.BadRequest');
    expect(answer.body['type']).toBe('Client.BadRequest');
    expect(Object.keys(answer.body).sort()).toEqual(['detail', 'message', 'type']);
  });

  it('maps a provider refusal to Server.ServerProxy.* and keeps the signed evidence', async () => {
    const answer = await call(
      'POST',
      `/r1/${SERVICE_ID}`,
      lookupHeaders({ 'X-Lienthong-Procedure': 'KHAI-SINH-LT' }),
      hotich,
      BODY,
    );

    expect(answer.status).toBe(500);
    expect(answer.headers['x-road-error']).toBe('Server.ServerProxy.AccessDenied');
    expect(answer.body).toMatchObject({ code: 'ACCESS_PURPOSE_NOT_ALLOWED' });
    expect((answer.body['evidence'] as { provider: unknown }).provider).toEqual(registry('NCC'));
  });

  it('carries X-Lienthong-Legal-Basis as the legal basis code: one the right does not allow is refused by the provider', async () => {
    const answer = await call(
      'POST',
      `/r1/${SERVICE_ID}`,
      // a real legal basis, but not one the right names for the death procedure
      lookupHeaders({ 'X-Lienthong-Legal-Basis': 'luat-doanh-nghiep-2020' }),
      hotich,
      BODY,
    );
    expect(answer.status).toBe(500);
    expect(answer.headers['x-road-error']).toBe('Server.ServerProxy.AccessDenied');
    expect(answer.body).toMatchObject({ code: 'ACCESS_LEGAL_BASIS_NOT_ALLOWED' });
    const report = await verifyLookupEvidence(answer.body, bus.root.certificate.pem);
    expect(report.provider).toBe('NCC/registry');
    expect(report.payload).toMatchObject({ code: 'ACCESS_LEGAL_BASIS_NOT_ALLOWED' });
  });

  it('lists clients (PR-META §2, JSON and XML)', async () => {
    const json = await call('GET', '/listClients', { accept: 'application/json' }, hotich);
    expect(json.status).toBe(200);
    expect(json.body['member']).toEqual(
      expect.arrayContaining([
        {
          id: {
            member_class: 'GOV',
            member_code: 'NCC',
            object_type: 'MEMBER',
            xroad_instance: 'LT-TEST',
          },
          name: 'Test NCC',
        },
        {
          id: {
            member_class: 'GOV',
            member_code: 'CIV',
            subsystem_code: 'hotich',
            object_type: 'SUBSYSTEM',
            xroad_instance: 'LT-TEST',
          },
          name: 'Test CIV',
          subsystem_name: 'hotich',
        },
      ]),
    );
    const xml = await call('GET', '/listClients', {}, hotich);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.text).toContain('<ns1:memberCode>NCC</ns1:memberCode>');
  });

  it('lists methods and allowed methods (PR-MREST §4, the shape of Annex B.1)', async () => {
    const headers = { accept: 'application/json', 'X-Road-Client': CLIENT };
    const listed = await call('GET', '/r1/LT-TEST/GOV/NCC/registry/listMethods', headers, hotich);
    const allowedHere = await call(
      'GET',
      '/r1/LT-TEST/GOV/NCC/registry/allowedMethods',
      headers,
      hotich,
    );
    const allowedAtPop = await call(
      'GET',
      '/r1/LT-TEST/GOV/POP/registry/allowedMethods',
      headers,
      hotich,
    );

    expect(listed.body).toEqual({
      service: [
        {
          member_class: 'GOV',
          member_code: 'NCC',
          object_type: 'SERVICE',
          service_code: 'merit-status-by-person',
          service_type: 'OPENAPI',
          subsystem_code: 'registry',
          xroad_instance: 'LT-TEST',
          endpoint_list: [{ method: 'POST', path: '/' }],
        },
      ],
    });
    expect(allowedHere.body).toEqual(listed.body);
    expect(allowedAtPop.body).toEqual({ service: [] });
  });

  it('describes a service in OpenAPI (PR-MREST §5, getOpenAPI?serviceCode=…)', async () => {
    const answer = await call(
      'GET',
      '/r1/LT-TEST/GOV/NCC/registry/getOpenAPI?serviceCode=merit-status-by-person',
      { accept: 'application/json', 'X-Road-Client': CLIENT },
      hotich,
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ openapi: '3.1.0' });
    const paths = answer.body['paths'] as Record<string, { post: { requestBody: unknown } }>;
    expect(Object.keys(paths)).toEqual([`/r1/${SERVICE_ID}`]);
    expect(JSON.stringify(paths)).toContain('urn:lienthong:merit:merit-status-by-person-request:1');

    const unknown = await call(
      'GET',
      '/r1/LT-TEST/GOV/NCC/registry/getOpenAPI?serviceCode=citizen-by-id',
      { accept: 'application/json', 'X-Road-Client': CLIENT },
      hotich,
    );
    expect(unknown.headers['x-road-error']).toBe('Server.ClientProxy.UnknownService');
  });

  /** Writes raw bytes on a TLS connection to the edge and returns what came back. */
  function rawCall(text: string, credential: Credential): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(
        {
          host: '127.0.0.1',
          port,
          ca: edgeTls.certificatePem,
          cert: credential.cert,
          key: credential.key,
        },
        () => socket.end(text),
      );
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
  }
});
