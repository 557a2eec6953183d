import {
  ENVELOPE_JWS_TYPE,
  EnvelopeVerifier,
  MemoryReplayGuard,
  PING_REQUEST_TYPE,
  PING_RESPONSE_TYPE,
  seal,
  sealReply,
  type EnvelopeBody,
  type EnvelopeExpectations,
  type SealedMessage,
} from '@lienthong/envelope';
import type { Signer } from '@lienthong/pki';
import { canonicalJson } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import { createTestPki, type TestPki } from '@lienthong/testing';

const POP = { member: 'POP', subsystem: 'registry' };
const NONCE = 'q3Zx0bY7pTn4Kc2VwLm9Ag';
const schemas = new SchemaRegistry();

describe('EnvelopeVerifier', () => {
  let pki: TestPki;
  let now: Date;
  let sut: EnvelopeVerifier;
  let authorized: number;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  beforeEach(() => {
    now = new Date();
    authorized = 0;
    const trustStore = pki.trustStore();
    sut = new EnvelopeVerifier({
      trustStore: () => trustStore,
      schemas,
      replay: new MemoryReplayGuard(),
      clock: () => now,
      maxBytes: 4096,
    });
  });

  const ping = (signer: Signer = pki.civ, draft: Partial<Parameters<typeof seal>[0]> = {}) =>
    seal({ type: PING_REQUEST_TYPE, recipient: POP, payload: { nonce: NONCE }, ...draft }, signer, {
      clock: () => now,
    });

  /** Signs arbitrary bytes as the signer would a body, to forge bodies seal() never makes. */
  const signed = (bytes: Buffer, signer: Signer = pki.civ) => ({
    bytes,
    signature: signer.signDetachedJws(bytes, { typ: ENVELOPE_JWS_TYPE }),
  });

  const bodyOf = (overrides: Partial<EnvelopeBody> = {}): EnvelopeBody => ({
    ...ping().body,
    ...overrides,
  });

  const expectations = (extra: EnvelopeExpectations = {}): EnvelopeExpectations => ({
    recipient: POP,
    authorize: () => {
      authorized += 1;
    },
    ...extra,
  });

  async function codeOf(
    message: { bytes: Uint8Array; signature: string | undefined },
    extra: EnvelopeExpectations = {},
  ): Promise<string | undefined> {
    try {
      await sut.open(message.bytes, message.signature, expectations(extra));
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  }

  it('opens a sealed message: body, bytes and the sender certificate', async () => {
    const sealed = ping();
    const opened = await sut.open(
      sealed.bytes,
      sealed.signature,
      expectations({
        type: PING_REQUEST_TYPE,
        headers: sealed.headers,
      }),
    );
    expect(opened.body).toEqual(sealed.body);
    expect(opened.bytes.equals(sealed.bytes)).toBe(true);
    expect(opened.certificate.thumbprint).toBe(pki.civ.kid);
    expect(authorized).toBe(1);
  });

  it('accepts a reply bound to its request, signed with EdDSA', async () => {
    const request = ping();
    const reply = sealReply(
      request,
      { type: PING_RESPONSE_TYPE, payload: { nonce: NONCE, ...POP, time: now.toISOString() } },
      pki.pop,
      { clock: () => now },
    );
    const opened = await sut.open(reply.bytes, reply.signature, {
      recipient: { member: 'CIV', subsystem: 'registry' },
      request,
      type: PING_RESPONSE_TYPE,
    });
    expect(opened.body.causationId).toBe(request.body.id);
    expect(opened.body.correlationId).toBe(request.body.correlationId);
  });

  const flip = (text: string, index: number) =>
    text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);

  type Case = [string, () => Promise<string | undefined>, string];
  const rejections: Case[] = [
    [
      'too large',
      () => codeOf(ping(pki.civ, { payload: { nonce: 'x'.repeat(5000) } })),
      'ENVELOPE_TOO_LARGE',
    ],
    [
      'no signature',
      () => codeOf({ bytes: ping().bytes, signature: undefined }),
      'ENVELOPE_SIGNATURE_MISSING',
    ],
    [
      'a flipped byte in the body',
      () => {
        const sealed = ping();
        const bytes = Buffer.from(sealed.bytes);
        bytes[bytes.indexOf(NONCE) + 3] ^= 0x01;
        return codeOf({ bytes, signature: sealed.signature });
      },
      'PKI_SIGNATURE_INVALID',
    ],
    [
      'a flipped signature byte',
      () => {
        const sealed = ping();
        const at = sealed.signature.lastIndexOf('.') + 10;
        return codeOf({ bytes: sealed.bytes, signature: flip(sealed.signature, at) });
      },
      'PKI_SIGNATURE_INVALID',
    ],
    ['an expired certificate', () => codeOf(ping(pki.civExpired)), 'PKI_CERT_EXPIRED'],
    [
      'a revoked certificate',
      () => codeOf(ping(pki.popRevoked, { recipient: POP })),
      'PKI_CERT_REVOKED',
    ],
    ['a certificate of another root', () => codeOf(ping(pki.stranger)), 'PKI_CERT_UNTRUSTED'],
    [
      'a JWS without the bus message typ',
      () => {
        const sealed = ping();
        return codeOf({ bytes: sealed.bytes, signature: pki.civ.signDetachedJws(sealed.bytes) });
      },
      'ENVELOPE_JWS_TYPE_INVALID',
    ],
    [
      'invalid UTF-8',
      () =>
        codeOf(
          signed(
            Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
          ),
        ),
      'ENVELOPE_NOT_JSON',
    ],
    [
      're-ordered keys',
      () => {
        const { v, ...rest } = bodyOf();
        return codeOf(signed(Buffer.from(JSON.stringify({ ...rest, v }))));
      },
      'ENVELOPE_NOT_CANONICAL',
    ],
    [
      'added whitespace',
      () => codeOf(signed(Buffer.from(` ${canonicalJson(bodyOf()).toString()}`))),
      'ENVELOPE_NOT_CANONICAL',
    ],
    [
      'a duplicate key',
      () => {
        const text = canonicalJson(bodyOf()).toString();
        return codeOf(signed(Buffer.from(text.replace('"v":1}', '"v":1,"v":1}'))));
      },
      'ENVELOPE_NOT_CANONICAL',
    ],
    [
      'a \\u0041 escape',
      () => {
        const text = canonicalJson(bodyOf()).toString();
        return codeOf(signed(Buffer.from(text.replace(NONCE, NONCE.replace('Z', '\\u005A')))));
      },
      'ENVELOPE_NOT_CANONICAL',
    ],
    [
      'a byte order mark',
      () =>
        codeOf(signed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), canonicalJson(bodyOf())]))),
      'ENVELOPE_NOT_CANONICAL',
    ],
    [
      'an envelope without correlationId',
      () => {
        const { correlationId: _dropped, ...body } = bodyOf();
        return codeOf(signed(canonicalJson(body)));
      },
      'ENVELOPE_SCHEMA_INVALID',
    ],
    [
      'a certificate of CIV on a body from POP',
      () => codeOf(signed(canonicalJson(bodyOf({ sender: POP, recipient: POP })))),
      'ENVELOPE_SENDER_MISMATCH',
    ],
    [
      'another recipient',
      () => codeOf(ping(pki.civ, { recipient: { member: 'INS', subsystem: 'registry' } })),
      'ENVELOPE_RECIPIENT_MISMATCH',
    ],
    [
      'a Nats-Msg-Id header that disagrees',
      () => codeOf(ping(), { headers: { 'Nats-Msg-Id': '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10' } }),
      'ENVELOPE_HEADER_MISMATCH',
    ],
    [
      'an Lt-Type header that disagrees',
      () => codeOf(ping(), { headers: { 'Lt-Type': PING_RESPONSE_TYPE } }),
      'ENVELOPE_HEADER_MISMATCH',
    ],
    [
      'an expired envelope',
      () => codeOf(ping(pki.civ, { issuedAt: ago(120_000), expiresAt: ago(31_000) })),
      'ENVELOPE_EXPIRED',
    ],
    [
      'an envelope issued in the future',
      () => codeOf(ping(pki.civ, { issuedAt: ago(-31_000), expiresAt: ago(-90_000) })),
      'ENVELOPE_NOT_YET_VALID',
    ],
    [
      'a lifetime above the maximum',
      () => codeOf(ping(pki.civ, { expiresAt: ago(-25 * 3_600_000) })),
      'ENVELOPE_LIFETIME_TOO_LONG',
    ],
    [
      'expiry before issue',
      () => codeOf(ping(pki.civ, { issuedAt: ago(0), expiresAt: ago(1) })),
      'ENVELOPE_LIFETIME_INVALID',
    ],
    [
      'an unexpected type',
      () => codeOf(ping(), { type: PING_RESPONSE_TYPE }),
      'ENVELOPE_TYPE_UNEXPECTED',
    ],
    [
      'a reply bound to another request',
      () => {
        const reply = replyTo(ping());
        return codeOf(reply, { recipient: reply.body.recipient, request: ping() });
      },
      'ENVELOPE_REQUEST_MISMATCH',
    ],
    [
      'a reply from someone we did not ask',
      () => {
        const request = ping();
        const reply = replyTo(request, pki.trust);
        return codeOf(reply, { recipient: reply.body.recipient, request });
      },
      'ENVELOPE_REQUEST_MISMATCH',
    ],
  ];

  function ago(ms: number): string {
    return new Date(now.getTime() - ms).toISOString();
  }

  function replyTo(request: SealedMessage, signer: Signer = pki.pop): SealedMessage {
    const payload = { nonce: NONCE, ...POP, time: now.toISOString() };
    return sealReply(request, { type: PING_RESPONSE_TYPE, payload }, signer, { clock: () => now });
  }

  it.each(rejections)(
    'rejects %s before authorizing or validating the payload',
    async (_name, run, code) => {
      expect(await run()).toBe(code);
      expect(authorized).toBe(0);
    },
  );

  it('rejects a replayed id, before authorizing', async () => {
    const sealed = ping();
    expect(await codeOf(sealed)).toBeUndefined();
    expect(await codeOf(sealed)).toBe('ENVELOPE_REPLAYED');
    expect(authorized).toBe(1);
  });

  it('runs the authorizer before the payload schema, and stops on its error', async () => {
    const refuse = () => {
      authorized += 1;
      throw Object.assign(new Error('no right'), { code: 'ACCESS_DENIED' });
    };
    expect(await codeOf(ping(pki.civ, { payload: { nonce: 'bad' } }), { authorize: refuse })).toBe(
      'ACCESS_DENIED',
    );
    expect(authorized).toBe(1);
  });

  it('validates the payload last: unknown type, then schema', async () => {
    expect(await codeOf(ping(pki.civ, { type: 'urn:lienthong:bus:nothing:1' }))).toBe(
      'PAYLOAD_TYPE_UNKNOWN',
    );
    expect(await codeOf(ping(pki.civ, { payload: { nonce: 'bad' } }))).toBe(
      'PAYLOAD_SCHEMA_INVALID',
    );
    expect(authorized).toBe(2);
  });
});
