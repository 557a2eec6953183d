import { createHmac } from 'node:crypto';
import {
  CertificateAuthority,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  Signer,
  TrustStore,
  verifyDetachedJws,
  type SigningAlgorithm,
} from '@lienthong/pki';

const payload = Buffer.from('{"hdr":{"sender":"POP"},"body":{"x":1}}');
const identity = { member: 'POP', subsystem: 'registry' };

async function codeOfAsync(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A detached JWS with any header, signed correctly by `signer`: only the header is wrong. */
function craft(
  header: Record<string, unknown>,
  signer: Signer,
  body: Uint8Array = payload,
): string {
  const encoded = b64url(header);
  const signature = signer.sign(Buffer.concat([Buffer.from(`${encoded}.`), body]));
  return `${encoded}..${signature.toString('base64url')}`;
}

describe('Signer and verifyDetachedJws', () => {
  const signers = new Map<SigningAlgorithm, Signer>();
  let trustStore: TrustStore;
  let issuing: CertificateAuthority;
  const at = new Date();

  async function makeSigner(alg: SigningAlgorithm): Promise<Signer> {
    const keys = generateKeyPair(alg);
    const csr = await createCsr({ ...keys, identity, organizationName: 'Bộ Công an' });
    const certificate = await issuing.issueFromCsr(csr, { validityDays: 10 });
    return Signer.fromKeyObject({
      privateKey: keys.privateKey,
      certificatePem: certificate.pem,
      chainPems: [...issuing.chainPems],
      alg,
    });
  }

  beforeAll(async () => {
    const root = await CertificateAuthority.createRoot({ commonName: 'Root', validityDays: 30 });
    issuing = await root.createIssuing({ commonName: 'Issuing', validityDays: 20 });
    for (const alg of ['ES256', 'EdDSA', 'RS256', 'PS256'] as const) {
      signers.set(alg, await makeSigner(alg));
    }
    trustStore = new TrustStore({
      anchors: [root.certificate.pem],
      intermediates: [issuing.certificate.pem],
      certificates: [...signers.values()].map((s) => s.certificate.pem),
    });
  });

  function signer(alg: SigningAlgorithm): Signer {
    const found = signers.get(alg);
    if (!found) {
      throw new Error(`no ${alg} signer`);
    }
    return found;
  }

  it.each<SigningAlgorithm>(['ES256', 'EdDSA', 'RS256', 'PS256'])(
    'signs and verifies a %s detached JWS over the exact bytes',
    async (alg) => {
      const jws = signer(alg).signDetachedJws(payload, { typ: 'bus-msg+jws' });
      expect(jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
      const sut = await verifyDetachedJws(jws, payload, trustStore, { at });
      expect(sut.certificate.identity).toEqual(identity);
      expect(sut.protectedHeader).toEqual({
        alg,
        kid: signer(alg).kid,
        b64: false,
        crit: ['b64'],
        typ: 'bus-msg+jws',
      });
    },
  );

  it('makes ES256 signatures in the JWS r||s encoding, not DER', () => {
    expect(signer('ES256').sign(payload)).toHaveLength(64);
  });

  it('rejects a flipped payload byte', async () => {
    const jws = signer('ES256').signDetachedJws(payload);
    const flipped = Buffer.from(payload);
    flipped[5] ^= 0x01;
    await expect(
      codeOfAsync(() => verifyDetachedJws(jws, flipped, trustStore, { at })),
    ).resolves.toBe('PKI_SIGNATURE_INVALID');
  });

  it('rejects a flipped signature byte', async () => {
    const jws = signer('EdDSA').signDetachedJws(payload);
    const [header, , signature] = jws.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] ^= 0x01;
    const tampered = `${header}..${bytes.toString('base64url')}`;
    await expect(
      codeOfAsync(() => verifyDetachedJws(tampered, payload, trustStore, { at })),
    ).resolves.toBe('PKI_SIGNATURE_INVALID');
  });

  it('rejects alg none', async () => {
    const kid = signer('ES256').kid;
    const jws = `${b64url({ alg: 'none', kid, b64: false, crit: ['b64'] })}..`;
    await expect(
      codeOfAsync(() => verifyDetachedJws(jws, payload, trustStore, { at })),
    ).resolves.toBe('PKI_ALGORITHM_REJECTED');
  });

  it('rejects HS256 keyed with the public key', async () => {
    const rsa = signer('RS256');
    const encoded = b64url({ alg: 'HS256', kid: rsa.kid, b64: false, crit: ['b64'] });
    const secret = rsa.certificate.publicKey.export({ type: 'spki', format: 'pem' });
    const mac = createHmac('sha256', secret)
      .update(`${encoded}.`)
      .update(payload)
      .digest('base64url');
    await expect(
      codeOfAsync(() => verifyDetachedJws(`${encoded}..${mac}`, payload, trustStore, { at })),
    ).resolves.toBe('PKI_ALGORITHM_REJECTED');
  });

  it('rejects an algorithm that does not fit the certificate key, or is not allowed', async () => {
    const ec = signer('ES256');
    const mismatch = craft({ alg: 'EdDSA', kid: ec.kid, b64: false, crit: ['b64'] }, ec);
    await expect(
      codeOfAsync(() => verifyDetachedJws(mismatch, payload, trustStore, { at })),
    ).resolves.toBe('PKI_ALGORITHM_REJECTED');
    const rsa = signer('RS256').signDetachedJws(payload);
    await expect(
      codeOfAsync(() =>
        verifyDetachedJws(rsa, payload, trustStore, { at, allowedAlgorithms: ['ES256', 'EdDSA'] }),
      ),
    ).resolves.toBe('PKI_ALGORITHM_REJECTED');
  });

  it('rejects a jwk header even when the signature is good', async () => {
    const ec = signer('ES256');
    const jwk = ec.certificate.publicKey.export({ format: 'jwk' });
    const control = craft({ alg: 'ES256', kid: ec.kid, b64: false, crit: ['b64'] }, ec);
    await expect(verifyDetachedJws(control, payload, trustStore, { at })).resolves.toBeDefined();
    const jws = craft({ alg: 'ES256', kid: ec.kid, b64: false, crit: ['b64'], jwk }, ec);
    await expect(
      codeOfAsync(() => verifyDetachedJws(jws, payload, trustStore, { at })),
    ).resolves.toBe('PKI_JWS_MALFORMED');
  });

  it('rejects b64 missing from crit, and b64 missing altogether', async () => {
    const ec = signer('ES256');
    const noCrit = craft({ alg: 'ES256', kid: ec.kid, b64: false }, ec);
    const emptyCrit = craft({ alg: 'ES256', kid: ec.kid, b64: false, crit: [] }, ec);
    const noB64 = craft({ alg: 'ES256', kid: ec.kid, crit: ['b64'] }, ec);
    for (const jws of [noCrit, emptyCrit, noB64]) {
      await expect(
        codeOfAsync(() => verifyDetachedJws(jws, payload, trustStore, { at })),
      ).resolves.toBe('PKI_JWS_MALFORMED');
    }
  });

  it('rejects an unknown kid and a revoked signer', async () => {
    const ec = signer('ES256');
    const unknown = craft({ alg: 'ES256', kid: 'nope', b64: false, crit: ['b64'] }, ec);
    await expect(
      codeOfAsync(() => verifyDetachedJws(unknown, payload, trustStore, { at })),
    ).resolves.toBe('PKI_CERT_UNKNOWN');
    const revokedStore = new TrustStore({
      anchors: [issuing.chainPems[1]],
      intermediates: [issuing.certificate.pem],
      certificates: [ec.certificate.pem],
      revoked: [{ thumbprint: ec.kid }],
    });
    await expect(
      codeOfAsync(() =>
        verifyDetachedJws(ec.signDetachedJws(payload), payload, revokedStore, { at }),
      ),
    ).resolves.toBe('PKI_CERT_REVOKED');
  });

  it('rejects compact and attached forms', async () => {
    const jws = signer('ES256').signDetachedJws(payload);
    const [header, , signature] = jws.split('.');
    const attached = `${header}.${payload.toString('base64url')}.${signature}`;
    for (const bad of [attached, `${header}.${signature}`, '', '..']) {
      await expect(
        codeOfAsync(() => verifyDetachedJws(bad, payload, trustStore, { at })),
      ).resolves.toBe('PKI_JWS_MALFORMED');
    }
  });

  it('refuses extra protected headers that would override the key or the encoding', () => {
    expect(codeOf(() => signer('ES256').signDetachedJws(payload, { b64: true }))).toBe(
      'PKI_JWS_MALFORMED',
    );
    expect(codeOf(() => signer('ES256').signDetachedJws(payload, { alg: 'none' }))).toBe(
      'PKI_JWS_MALFORMED',
    );
  });

  it('loads from PEM and refuses a key that does not belong to the certificate', async () => {
    const keys = generateKeyPair('ES256');
    const csr = await createCsr({ ...keys, identity, organizationName: 'Bộ Công an' });
    const certificatePem = (await issuing.issueFromCsr(csr, { validityDays: 1 })).pem;
    const sut = Signer.fromPem({
      privateKeyPem: exportPrivateKeyPem(keys.privateKey),
      certificatePem,
    });
    await expect(
      verifyDetachedJws(
        sut.signDetachedJws(payload),
        payload,
        new TrustStore({
          anchors: [issuing.chainPems[1]],
          intermediates: [issuing.certificate.pem],
          certificates: [certificatePem],
        }),
        { at },
      ),
    ).resolves.toMatchObject({ certificate: { thumbprint: sut.kid } });
    const other = exportPrivateKeyPem(generateKeyPair('ES256').privateKey);
    expect(codeOf(() => Signer.fromPem({ privateKeyPem: other, certificatePem }))).toBe(
      'PKI_KEY_INVALID',
    );
    expect(
      codeOf(() =>
        Signer.fromKeyObject({ privateKey: keys.privateKey, certificatePem, alg: 'RS256' }),
      ),
    ).toBe('PKI_ALGORITHM_REJECTED');
    expect(
      codeOf(() =>
        Signer.fromKeyObject({
          privateKey: keys.privateKey,
          certificatePem: issuing.certificate.pem,
        }),
      ),
    ).toBe('PKI_CERT_NOT_MEMBER');
  });
});
