import { webcrypto } from 'node:crypto';
import { seal } from '@lienthong/envelope';
import { canonicalJson as serverCanonicalJson } from '@lienthong/pki';
import type { Signer } from '@lienthong/pki';
import { createTestPki, type TestPki } from '@lienthong/testing';
// the console's in-browser verifier, compared with this one on the same evidence
import { canonicalJson } from '../../apps/console/web/src/verify/canonical-json';
import { verifyLookupEvidence } from '../../apps/console/web/src/verify/lookup-evidence';
import { verifyLookupEvidence as cliVerify } from './verify-lookup-evidence';

const RESPONSE_TYPE = 'urn:lienthong:population:citizen-by-id-response:1';

interface Evidence {
  provider: { member: string; subsystem: string };
  response: { body: string; encoding: 'base64url'; signature: string };
  certificates: string[];
}

function evidenceOf(signer: Signer, bytes: Buffer, signature?: string): Evidence {
  return {
    provider: { member: signer.identity.member, subsystem: signer.identity.subsystem },
    response: {
      body: bytes.toString('base64url'),
      encoding: 'base64url',
      signature: signature ?? signer.signDetachedJws(bytes, { typ: 'lienthong-envelope+jws' }),
    },
    certificates: [signer.certificate.pem, ...signer.chainPems],
  };
}

function sealed(signer: Signer, sender?: { member: string; subsystem: string }) {
  const message = seal(
    {
      type: RESPONSE_TYPE,
      recipient: { member: 'CIV', subsystem: 'registry' },
      payload: {
        status: 'FOUND',
        record: { personalId: '001203012345', fullName: 'Nguyễn Văn A' },
      },
    },
    signer,
  );
  if (!sender) {
    return evidenceOf(signer, message.bytes, message.signature);
  }
  const body = { ...message.body, sender };
  return evidenceOf(signer, serverCanonicalJson(body));
}

/** The verdict of `lt verify`: VERIFIED or the code it fails with. */
async function cliVerdict(input: unknown, ca: string): Promise<string> {
  try {
    await cliVerify(input, ca);
    return 'VERIFIED';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : String((error as Error).message).split(':')[0];
  }
}

async function browserVerdict(input: unknown, ca: string): Promise<string> {
  const verdict = await verifyLookupEvidence(input, ca, webcrypto);
  return verdict.verified ? 'VERIFIED' : verdict.code;
}

describe('lt verify and the console verify look-up evidence alike', () => {
  let pki: TestPki;
  let root: string;

  beforeAll(async () => {
    pki = await createTestPki();
    root = pki.root.certificate.pem;
  });

  const flip = (text: string, at: number) => {
    const bytes = Buffer.from(text, 'base64url');
    bytes[at] ^= 0x01;
    return bytes.toString('base64url');
  };

  const cases: [string, () => { input: unknown; ca?: string }, string][] = [
    ['a genuine EdDSA answer', () => ({ input: sealed(pki.pop) }), 'VERIFIED'],
    ['a genuine ES256 answer', () => ({ input: sealed(pki.civ) }), 'VERIFIED'],
    [
      'the whole answer with its evidence',
      () => ({ input: { status: 'FOUND', evidence: sealed(pki.pop) } }),
      'VERIFIED',
    ],
    [
      'a byte of the body changed',
      () => {
        const e = sealed(pki.pop);
        return { input: { ...e, response: { ...e.response, body: flip(e.response.body, 60) } } };
      },
      'PKI_SIGNATURE_INVALID',
    ],
    [
      'a byte of the signature changed',
      () => {
        const e = sealed(pki.pop);
        const [header, , signature] = e.response.signature.split('.');
        return {
          input: {
            ...e,
            response: { ...e.response, signature: `${header}..${flip(signature, 3)}` },
          },
        };
      },
      'PKI_SIGNATURE_INVALID',
    ],
    [
      'another root',
      () => ({ input: sealed(pki.pop), ca: pki.stranger.chainPems.at(-1) }),
      'PKI_CERT_UNTRUSTED',
    ],
    ['a member of another root', () => ({ input: sealed(pki.stranger) }), 'PKI_CERT_UNTRUSTED'],
    ['an expired certificate', () => ({ input: sealed(pki.civExpired) }), 'PKI_CERT_EXPIRED'],
    [
      'the certificate of another member',
      () => {
        const e = sealed(pki.pop);
        return { input: { ...e, certificates: [pki.civ.certificate.pem, ...pki.civ.chainPems] } };
      },
      'PKI_CERT_UNKNOWN',
    ],
    [
      'a sender the certificate does not name',
      () => ({ input: sealed(pki.pop, { member: 'BIZ', subsystem: 'registry' }) }),
      'EVIDENCE_SENDER_MISMATCH',
    ],
    [
      'bytes not in canonical form',
      () => {
        const e = sealed(pki.pop);
        const body = JSON.parse(
          Buffer.from(e.response.body, 'base64url').toString('utf8'),
        ) as unknown;
        return { input: evidenceOf(pki.pop, Buffer.from(JSON.stringify(body, null, 1))) };
      },
      'EVIDENCE_NOT_CANONICAL',
    ],
    [
      'an algorithm outside the bus list',
      () => {
        const e = sealed(pki.pop);
        const [header, , signature] = e.response.signature.split('.');
        const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as object;
        const forged = Buffer.from(JSON.stringify({ ...h, alg: 'HS256' })).toString('base64url');
        return {
          input: { ...e, response: { ...e.response, signature: `${forged}..${signature}` } },
        };
      },
      'PKI_ALGORITHM_REJECTED',
    ],
    [
      'no certificates',
      () => ({ input: { ...sealed(pki.pop), certificates: [] } }),
      'EVIDENCE_MALFORMED',
    ],
    [
      'a body that is not JSON',
      () => ({ input: evidenceOf(pki.pop, Buffer.from('not json')) }),
      'EVIDENCE_MALFORMED',
    ],
  ];

  it.each(cases)('gives the same verdict as lt verify for %s', async (_name, make, expected) => {
    const { input, ca } = make();
    const anchor = ca ?? root;
    const cli = await cliVerdict(input, anchor);
    const browser = await browserVerdict(input, anchor);
    expect({ cli, browser }).toEqual({ cli: expected, browser: expected });
  });

  it('writes JSON as libs/envelope does', () => {
    const value = {
      b: [1, 2.5, -0.000001, 1e21, 'é\u2028"'],
      a: { z: null, y: true },
      '€': 1,
      é: 2,
    };
    expect(canonicalJson(value)).toBe(serverCanonicalJson(value).toString('utf8'));
  });
});
