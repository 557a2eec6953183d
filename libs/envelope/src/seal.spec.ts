import { CommonError, InternalError } from '@lienthong/errors';
import {
  ERROR_SCHEMA_ID,
  EnvelopeVerifier,
  MemoryReplayGuard,
  PING_REQUEST_TYPE,
  peekUnverifiedBody,
  requestHashOf,
  seal,
  sealError,
  type ErrorPayload,
} from '@lienthong/envelope';
import { canonicalJson } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import { createTestPki, type TestPki } from '@lienthong/testing';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };
const schemas = new SchemaRegistry();

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('seal', () => {
  let pki: TestPki;
  const now = new Date('2031-03-04T05:06:07.089Z');

  beforeAll(async () => {
    pki = await createTestPki();
  });

  const request = () =>
    seal(
      {
        type: PING_REQUEST_TYPE,
        recipient: POP,
        payload: { nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag' },
        purpose: { procedure: '1.001193', legalBasis: 'Luật Hộ tịch 2014', caseId: 'HS-1' },
      },
      pki.civ,
      { clock: () => now, ttlMs: 5_000 },
    );

  it('signs the canonical bytes of a complete body, with matching headers', () => {
    const sut = request();
    expect(sut.body).toEqual({
      v: 1,
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ) as string,
      type: PING_REQUEST_TYPE,
      sender: CIV,
      recipient: POP,
      issuedAt: '2031-03-04T05:06:07.089Z',
      expiresAt: '2031-03-04T05:06:12.089Z',
      correlationId: sut.body.id,
      purpose: { procedure: '1.001193', legalBasis: 'Luật Hộ tịch 2014', caseId: 'HS-1' },
      payload: { nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag' },
    });
    expect(sut.bytes.equals(canonicalJson(sut.body))).toBe(true);
    expect(sut.headers).toEqual({
      'Lt-Signature': sut.signature,
      'Lt-Type': PING_REQUEST_TYPE,
      'Nats-Msg-Id': sut.body.id,
    });
    const header = JSON.parse(
      Buffer.from(sut.signature.split('.')[0], 'base64url').toString(),
    ) as object;
    expect(header).toEqual({
      alg: 'ES256',
      kid: pki.civ.kid,
      b64: false,
      crit: ['b64'],
      typ: 'lt-msg+jws',
    });
    expect(sut.signature.split('.')[1]).toBe('');
  });

  it('orders ids of one millisecond and the next by time (UUIDv7)', () => {
    const first = request().body.id;
    const later = seal({ type: PING_REQUEST_TYPE, recipient: POP, payload: {} }, pki.civ, {
      clock: () => new Date(now.getTime() + 1),
    }).body.id;
    expect(first < later).toBe(true);
  });
});

describe('sealError', () => {
  let pki: TestPki;
  let now: Date;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  beforeEach(() => {
    now = new Date();
  });

  const verifier = () => {
    const store = pki.trustStore();
    return new EnvelopeVerifier({
      trustStore: () => store,
      schemas,
      replay: new MemoryReplayGuard(),
      clock: () => now,
    });
  };

  const request = () =>
    seal(
      { type: PING_REQUEST_TYPE, recipient: POP, payload: { nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag' } },
      pki.civ,
      {
        clock: () => now,
      },
    );

  it('answers a coded rejection with a signed error the requester can verify and bind', async () => {
    const req = request();
    const sut = sealError(req, new CommonError('REQUEST_INVALID', 'nonce missing'), pki.pop, {
      clock: () => now,
    });
    expect(sut.headers['Lt-Error-Code']).toBe('REQUEST_INVALID');
    const opened = await verifier().open<ErrorPayload>(sut.bytes, sut.signature, {
      recipient: CIV,
      request: req,
      type: ERROR_SCHEMA_ID,
      headers: sut.headers,
    });
    expect(opened.body.payload).toEqual({
      code: 'REQUEST_INVALID',
      message: 'nonce missing',
      messageId: req.body.id,
    });
    expect(opened.body.requestHash).toBe(requestHashOf(req.bytes));
  });

  it('keeps internal errors opaque, with their errorId', () => {
    const error = new InternalError(new Error('db password=hunter2'));
    const sut = sealError(request(), error, pki.pop, { clock: () => now });
    expect(sut.body.payload).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'An internal error occurred.',
      messageId: expect.any(String) as string,
      errorId: error.errorId,
    });
    expect(sut.bytes.toString()).not.toContain('hunter2');
  });

  it('addresses a reply to an unverified request only through well-formed fields', () => {
    const bytes = Buffer.from(
      JSON.stringify({
        sender: CIV,
        id: 'not-a-uuid',
        correlationId: '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10',
      }),
    );
    const sut = sealError(
      { body: peekUnverifiedBody(bytes), bytes },
      new CommonError('REQUEST_INVALID', 'x'),
      pki.pop,
    );
    expect(sut.body.recipient).toEqual(CIV);
    expect(sut.body.causationId).toBeUndefined();
    expect(sut.body.payload.messageId).toBeUndefined();
    expect(sut.body.correlationId).toBe('0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10');
  });

  it('refuses to address a request without a readable sender', () => {
    const bytes = Buffer.from('{"sender":{"member":"a.b","subsystem":"x"}}');
    const error = new CommonError('REQUEST_INVALID', 'x');
    expect(
      codeOf(() => sealError({ body: peekUnverifiedBody(bytes), bytes }, error, pki.pop)),
    ).toBe('ENVELOPE_REPLY_UNADDRESSABLE');
    expect(peekUnverifiedBody(Buffer.from('[1]'))).toEqual({});
    expect(peekUnverifiedBody(Buffer.from('{'))).toEqual({});
  });
});
