// Real: nats-server, PostgreSQL, PKI, signed global configuration, two adapter apps. Mocked: nothing.
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import {
  type AgencyDefinition,
  type LookupContext,
  type LookupHandler,
  type LookupOutcome,
} from '@lienthong/adapter-kit';
import {
  EnvelopeVerifier,
  MemoryReplayGuard,
  seal,
  type ErrorPayload,
  type SealedMessage,
} from '@lienthong/envelope';
import { LT_SIGNATURE, lookupSubject, requestBytes } from '@lienthong/messaging';
import { TrustStore, type Signer, canonicalJson } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  eventually,
  publishedAuditRecords,
  type TestSchema,
} from '@lienthong/testing';

const CITIZEN = '001085012345';
const REQUEST_TYPE = 'urn:lienthong:population:citizen-by-id-request:1';
const RESPONSE_TYPE = 'urn:lienthong:population:citizen-by-id-response:1';
const PURPOSE = {
  procedure: 'KHAI-SINH-LT',
  legalBasis: 'Nghị định 63/2024/NĐ-CP',
  caseId: 'HS-1',
};

/** A provider handler of the test: an in-memory registry of one citizen, counting its calls. */
@Injectable()
class CountingCitizenHandler implements LookupHandler<
  { personalId: string },
  Record<string, unknown>
> {
  readonly service = 'citizen-by-id';
  readonly requestType = REQUEST_TYPE;
  readonly identifierField = 'personalId';
  calls = 0;
  /** While set, every request waits for it (look-ups held under way). */
  hold?: Promise<void>;

  async handle(
    _ctx: LookupContext,
    query: { personalId: string },
  ): Promise<LookupOutcome<Record<string, unknown>>> {
    this.calls++;
    await this.hold;
    return Promise.resolve(
      query.personalId === CITIZEN
        ? {
            status: 'FOUND',
            record: {
              personalId: CITIZEN,
              fullName: 'Nguyễn Văn An',
              ethnicity: 'Kinh',
              religion: 'Không',
            },
          }
        : { status: 'NOT_FOUND' },
    );
  }
}

function agency(
  member: string,
  schema: string,
  handlers: AgencyDefinition['lookupHandlers'],
): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: handlers,
  };
}

describe('foundation: a signed look-up between two adapters through NATS', () => {
  let bus: TestBus;
  let provider: INestApplication;
  let consumer: INestApplication;
  let handler: CountingCitizenHandler;
  let verifier: EnvelopeVerifier;
  const schemas: TestSchema[] = [];

  beforeAll(async () => {
    bus = await TestBus.create({
      members: [
        { member: 'POP', subsystem: 'registry' },
        { member: 'CIV', subsystem: 'registry' },
        { member: 'INS', subsystem: 'registry' },
      ],
      services: [
        {
          code: 'citizen-by-id',
          version: 1,
          provider: { member: 'POP', subsystem: 'registry' },
          requestType: REQUEST_TYPE,
          responseType: RESPONSE_TYPE,
          title: 'Citizen',
          fields: ['personalId', 'fullName', 'ethnicity', 'religion'],
        },
      ],
      accessRights: [
        {
          consumer: { member: 'CIV', subsystem: 'registry' },
          service: 'citizen-by-id',
          purposes: [PURPOSE.procedure],
          fields: ['personalId', 'fullName'],
        },
      ],
    });
    for (let i = 0; i < 2; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    provider = await bus.startAdapter(agency('POP', schemas[0].schema, [CountingCitizenHandler]));
    consumer = await bus.startAdapter(agency('CIV', schemas[1].schema, []));
    handler = provider.get(CountingCitizenHandler);
    const config = bus.configuration();
    verifier = new EnvelopeVerifier({
      trustStore: () =>
        new TrustStore({
          anchors: config.anchors,
          intermediates: config.intermediates,
          certificates: config.members.flatMap((m) => m.subsystems.flatMap((s) => s.certificates)),
        }),
      schemas: new SchemaRegistry(),
      replay: new MemoryReplayGuard(),
    });
    await eventually(
      async () => {
        const health = await request(provider.getHttpServer()).get('/health');
        if (health.status !== 200) {
          throw new Error(`provider not healthy: ${JSON.stringify(health.body)}`);
        }
      },
      { timeoutMs: 10_000 },
    );
  });

  afterAll(async () => {
    await consumer?.close();
    await provider?.close();
    for (const schema of schemas) {
      await schema.drop();
    }
    await bus?.close();
  });

  const subject = () => lookupSubject(bus.namespace, 'POP', 'registry', 'citizen-by-id');

  function sealRequest(signer: Signer, overrides: Record<string, unknown> = {}): SealedMessage {
    return seal(
      {
        type: REQUEST_TYPE,
        recipient: { member: 'POP', subsystem: 'registry' },
        payload: { personalId: CITIZEN },
        purpose: PURPOSE,
        officer: { id: 'officer-01' },
        subject: { scheme: 'personal-id', id: CITIZEN },
        ...overrides,
      },
      signer,
    );
  }

  /** Sends raw bytes as CIV would and returns the code of the provider's signed error reply. */
  async function refusalCode(
    bytes: Uint8Array,
    headers: Record<string, string>,
    requestId: string,
  ): Promise<string> {
    const reply = await requestBytes(
      bus.nc,
      subject(),
      { data: bytes, headers },
      { timeoutMs: 5000 },
    );
    const verified = await verifier.open<ErrorPayload>(reply.data, reply.headers[LT_SIGNATURE], {
      type: 'urn:lienthong:bus:error:1',
      request: { id: requestId, bytes },
    });
    expect(verified.certificate.identity).toEqual({ member: 'POP', subsystem: 'registry' });
    expect(reply.headers['Lt-Error-Code']).toBe(verified.body.payload.code);
    return verified.body.payload.code;
  }

  it('answers a verified, minimised, signed record through the consumer HTTP API', async () => {
    const token = await bus.officerToken('CIV');
    const before = handler.calls;
    const response = await request(consumer.getHttpServer())
      .post('/v1/lookups/citizen-by-id')
      .set('Authorization', `Bearer ${token}`)
      .send({ purpose: PURPOSE, query: { personalId: CITIZEN } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'FOUND',
      record: { personalId: CITIZEN, fullName: 'Nguyễn Văn An' },
      policy: {
        service: 'citizen-by-id',
        purpose: PURPOSE.procedure,
        fields: ['fullName', 'personalId'],
      },
    });
    expect(response.body.record).not.toHaveProperty('ethnicity');
    expect(response.body.evidence.provider).toEqual({ member: 'POP', subsystem: 'registry' });
    expect(handler.calls).toBe(before + 1);
  });

  it('rejects each forged or broken request with its own code, and the handler is never reached', async () => {
    const civ = bus.member('CIV').signer;
    const before = handler.calls;
    const codes: Record<string, string> = {};

    const flipped = sealRequest(civ);
    const tampered = Buffer.from(flipped.bytes);
    tampered[tampered.indexOf(Buffer.from(CITIZEN)) + 3] ^= 0x01;
    codes['flipped byte'] = await refusalCode(tampered, flipped.headers, flipped.body.id);

    const expiredSigner = await bus.addCertificate(
      { member: 'CIV', subsystem: 'registry' },
      { notBefore: new Date(Date.now() - 5 * 86_400_000), validityDays: 1 },
    );
    const revokedSigner = await bus.addCertificate({ member: 'CIV', subsystem: 'registry' });
    await bus.publishConfiguration({
      revocations: [
        {
          thumbprint: revokedSigner.kid,
          serialNumber: revokedSigner.certificate.serialNumber,
          revokedAt: new Date().toISOString(),
          reason: 'keyCompromise',
        },
      ],
    });
    await eventually(
      async () => {
        const health = await request(provider.getHttpServer()).get('/health');
        expect(health.body.checks.configuration.version).toBeGreaterThanOrEqual(2);
      },
      { timeoutMs: 10_000 },
    );
    const expired = sealRequest(expiredSigner);
    codes['expired certificate'] = await refusalCode(
      expired.bytes,
      expired.headers,
      expired.body.id,
    );
    const revoked = sealRequest(revokedSigner);
    codes['revoked certificate'] = await refusalCode(
      revoked.bytes,
      revoked.headers,
      revoked.body.id,
    );

    // INS signs with its own (valid) key but claims to be CIV inside the body.
    const insSigner = bus.member('INS').signer;
    const impostor = sealRequest(insSigner);
    const claimed = { ...impostor.body, sender: { member: 'CIV', subsystem: 'registry' } };
    const claimedBytes = canonicalJson(claimed);
    const claimedSignature = insSigner.signDetachedJws(claimedBytes, { typ: 'lt-msg+jws' });
    codes['wrong sender'] = await refusalCode(
      claimedBytes,
      { ...impostor.headers, [LT_SIGNATURE]: claimedSignature },
      impostor.body.id,
    );

    const first = sealRequest(civ, { payload: { personalId: '001085099999' } });
    await requestBytes(
      bus.nc,
      subject(),
      { data: first.bytes, headers: first.headers },
      { timeoutMs: 5000 },
    );
    codes['replayed id'] = await refusalCode(first.bytes, first.headers, first.body.id);

    const canonical = sealRequest(civ);
    const spaced = Buffer.from(JSON.stringify(canonical.body, null, 1));
    const spacedSignature = civ.signDetachedJws(spaced, { typ: 'lt-msg+jws' });
    codes['non-canonical body'] = await refusalCode(
      spaced,
      { ...canonical.headers, [LT_SIGNATURE]: spacedSignature },
      canonical.body.id,
    );

    const invalid = sealRequest(civ, { payload: { personalId: '12345' } });
    codes['schema-invalid payload'] = await refusalCode(
      invalid.bytes,
      invalid.headers,
      invalid.body.id,
    );

    const noRight = sealRequest(insSigner);
    codes['no access right'] = await refusalCode(noRight.bytes, noRight.headers, noRight.body.id);

    const otherPurpose = sealRequest(civ, { purpose: { ...PURPOSE, procedure: 'MARKETING' } });
    codes['purpose not allowed'] = await refusalCode(
      otherPurpose.bytes,
      otherPurpose.headers,
      otherPurpose.body.id,
    );

    expect(codes).toEqual({
      'flipped byte': 'PKI_SIGNATURE_INVALID',
      'expired certificate': 'PKI_CERT_EXPIRED',
      'revoked certificate': 'PKI_CERT_REVOKED',
      'wrong sender': 'ENVELOPE_SENDER_MISMATCH',
      'replayed id': 'ENVELOPE_REPLAYED',
      'non-canonical body': 'ENVELOPE_NOT_CANONICAL',
      'schema-invalid payload': 'PAYLOAD_SCHEMA_INVALID',
      'no access right': 'ACCESS_DENIED',
      'purpose not allowed': 'ACCESS_PURPOSE_NOT_ALLOWED',
    });
    // Only the first, valid request of the replay pair reached the registry.
    expect(handler.calls).toBe(before + 1);
  });

  it('refuses bad HTTP input with stable problem codes and sends nothing on the bus', async () => {
    const token = await bus.officerToken('CIV');
    const before = handler.calls;
    const post = (path: string, body: unknown, auth: string | null = `Bearer ${token}`) => {
      const req = request(consumer.getHttpServer())
        .post(path)
        .send(body as object);
      return auth ? req.set('Authorization', auth) : req;
    };
    const cases = await Promise.all([
      post('/v1/lookups/citizen-by-id', { query: { personalId: CITIZEN } }),
      post('/v1/lookups/no-such-service', { purpose: PURPOSE, query: { personalId: CITIZEN } }),
      post('/v1/lookups/citizen-by-id', { purpose: PURPOSE, query: { personalId: '00108501234' } }),
      post('/v1/lookups/citizen-by-id', { purpose: PURPOSE, query: { personalId: CITIZEN } }, null),
      post(
        '/v1/lookups/citizen-by-id',
        { purpose: PURPOSE, query: { personalId: CITIZEN } },
        'Bearer not.a.token',
      ),
    ]);
    expect(cases.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'ACCESS_PURPOSE_MISSING'],
      [404, 'LOOKUP_SERVICE_UNKNOWN'],
      [400, 'LOOKUP_SUBJECT_ID_INVALID'],
      [401, 'AUTH_TOKEN_MISSING'],
      [401, 'AUTH_TOKEN_INVALID'],
    ]);
    for (const response of cases) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(handler.calls).toBe(before);
  });

  it('answers a signed ping to an operator and refuses it to an officer', async () => {
    const ping = async (role: string) =>
      request(consumer.getHttpServer())
        .post('/v1/ping/POP/registry')
        .set('Authorization', `Bearer ${await bus.officerToken('CIV', role)}`);
    const answered = await ping('operator');
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      member: 'POP',
      subsystem: 'registry',
      answered: true,
      response: { member: 'POP' },
    });
    expect((await ping('officer')).body.code).toBe('AUTH_ROLE_FORBIDDEN');
  });

  it('refuses look-ups beyond LOOKUP_MAX_IN_FLIGHT at once and sends nothing for them', async () => {
    const limited = await bus.startAdapter(agency('CIV', schemas[1].schema, []), {
      env: { LOOKUP_MAX_IN_FLIGHT: '2' },
    });
    let release!: () => void;
    handler.hold = new Promise<void>((resolve) => (release = resolve));
    try {
      const token = await bus.officerToken('CIV');
      const post = () =>
        request(limited.getHttpServer())
          .post('/v1/lookups/citizen-by-id')
          .set('Authorization', `Bearer ${token}`)
          .send({ purpose: PURPOSE, query: { personalId: CITIZEN } })
          .then((r) => r);
      const before = handler.calls;
      const held = [post(), post()];
      await eventually(() => expect(handler.calls).toBe(before + 2));
      const refused = await post();
      expect([refused.status, refused.body.code]).toEqual([503, 'LOOKUP_OVERLOADED']);
      expect(handler.calls).toBe(before + 2);
      release();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      const again = await post();
      expect(again.status).toBe(200);
    } finally {
      handler.hold = undefined;
      release();
      await limited.close();
    }
  });

  it('tells NOT_FOUND apart from an error, signed', async () => {
    const response = await request(consumer.getHttpServer())
      .post('/v1/lookups/citizen-by-id')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({ purpose: PURPOSE, query: { personalId: '001085000001' } });
    expect([response.status, response.body.code, response.body.detail]).toEqual([
      200,
      undefined,
      undefined,
    ]);
    expect(response.body.status).toBe('NOT_FOUND');
    expect(response.body.evidence.response.signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(uuidv7()).toBeDefined();
  });

  it('answers a request whose sender cannot be read with nothing at all, and audits the refusal', async () => {
    const civ = bus.member('CIV').signer;
    const before = handler.calls;
    const sealed = sealRequest(civ);
    // a byte-order mark before a body signed with it, and bytes that are no JSON at all
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sealed.bytes]);
    const withBom = {
      ...sealed.headers,
      [LT_SIGNATURE]: civ.signDetachedJws(bom, { typ: 'lt-msg+jws' }),
    };
    const garbage = Buffer.from('not json at all');
    for (const [bytes, headers] of [
      [bom, withBom],
      [garbage, sealed.headers],
    ] as const) {
      // no reply, not even an unsigned one: the requester times out (docs/protocol.md §5)
      await expect(
        requestBytes(bus.nc, subject(), { data: bytes, headers }, { timeoutMs: 1_500 }),
      ).rejects.toMatchObject({ code: 'BUS_TIMEOUT' });
    }
    expect(handler.calls).toBe(before);
    // and each refusal is in the provider's audit trail, with its code
    await eventually(async () => {
      const refused = (await publishedAuditRecords(bus.nc, bus.namespace, 'POP'))
        .filter((r) => r.outcome.status === 'refused')
        .map((r) => (r.outcome as { code: string }).code);
      // a byte-order mark fails the canonical form (protocol.md §6 step 5), other bytes the signature
      expect(refused.slice(-2)).toEqual(['ENVELOPE_NOT_CANONICAL', 'PKI_SIGNATURE_INVALID']);
    });
  });

  it('refuses a body that is not JSON (415) or names a member twice, on every HTTP API', async () => {
    const token = await bus.officerToken('CIV');
    const raw = (type: string | undefined, body: string) => {
      const req = request(consumer.getHttpServer())
        .post('/v1/lookups/citizen-by-id')
        .set('Authorization', `Bearer ${token}`);
      return (type ? req.set('Content-Type', type) : req).send(body);
    };
    const valid = JSON.stringify({ purpose: PURPOSE, query: { personalId: CITIZEN } });
    const before = handler.calls;
    const cases = [
      await raw('text/plain', valid),
      await raw('application/xml', '<lookup/>'),
      await raw('application/x-www-form-urlencoded', 'purpose=x'),
      await raw('application/json; charset=iso-8859-1', valid),
      await raw(
        'application/json',
        valid.replace('{"purpose"', '{"query":{"personalId":"001085000001"},"purpose"'),
      ),
      await raw('application/json', `\ufeff${valid}`),
      await raw('application/json', '{"purpose":'),
    ];
    expect(cases.map((r) => [r.status, r.body.code])).toEqual([
      [415, 'REQUEST_CONTENT_TYPE_UNSUPPORTED'],
      [415, 'REQUEST_CONTENT_TYPE_UNSUPPORTED'],
      [415, 'REQUEST_CONTENT_TYPE_UNSUPPORTED'],
      [415, 'REQUEST_CONTENT_TYPE_UNSUPPORTED'],
      [400, 'REQUEST_JSON_DUPLICATE_KEY'],
      [400, 'REQUEST_INVALID'],
      [400, 'REQUEST_INVALID'],
    ]);
    expect(cases[4].body.pointer ?? cases[4].body.details?.pointer).toBe('/query');
    for (const response of cases) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(handler.calls).toBe(before);
    // the same body as JSON is read
    expect((await raw('application/json; charset=utf-8', valid)).status).toBe(200);
  });
});
