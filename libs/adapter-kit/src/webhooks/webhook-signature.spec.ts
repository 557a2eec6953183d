import { createHash, verify } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { CertificateAuthority, Signer, createCsr, generateKeyPair } from '@lienthong/pki';
import { contentDigest, signWebhookRequest, WEBHOOK_SIGNED_FIELDS } from './webhook-signature';

describe('signWebhookRequest', () => {
  let signer: Signer;

  beforeAll(async () => {
    const root = await CertificateAuthority.createRoot({ commonName: 'Root', validityDays: 2 });
    const issuing = await root.createIssuing({ commonName: 'Issuing', validityDays: 2 });
    const { privateKey, publicKey } = generateKeyPair('ES256');
    const csr = await createCsr({
      privateKey,
      publicKey,
      identity: { member: 'CIV', subsystem: 'registry' },
      organizationName: 'Sở Tư pháp',
    });
    const certificate = await issuing.issueFromCsr(csr, { validityDays: 1 });
    signer = Signer.fromKeyObject({ privateKey, certificatePem: certificate.pem });
  });

  it('writes an RFC 9530 digest of the body', () => {
    const body = Buffer.from('{"a":1}');
    expect(contentDigest(body)).toBe(
      `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
    );
  });

  it('signs method, target URI, digest, delivery id and topic with the certificate key', async () => {
    const body = Buffer.from('{"id":"x"}');
    const signed = await signWebhookRequest(signer, {
      url: 'https://qlvb.example/hook?x=1',
      deliveryId: '019aa0b4-5c1e-7b3a-9d2f-1c2b3a4d5e6f',
      topic: 'document.received',
      body,
    });
    expect(signed.headers['signature-input']).toMatch(/^lt=\("@method" "@target-uri"/);
    expect(signed.headers['signature-input']).toContain(`keyid="${signer.kid}"`);
    expect(signed.headers['signature-input']).toContain('alg="ecdsa-p256-sha256"');
    expect(signed.headers['signature-input']).toContain('tag="lienthong-webhook"');
    const check = (url: string, headers: Record<string, string>) =>
      httpbis.verifyMessage(
        {
          keyLookup: () =>
            Promise.resolve({
              algs: ['ecdsa-p256-sha256'],
              verify: (data: Buffer, signature: Buffer) =>
                Promise.resolve(
                  verify(
                    'sha256',
                    data,
                    { key: signer.certificate.publicKey, dsaEncoding: 'ieee-p1363' },
                    signature,
                  ),
                ),
            }),
          requiredFields: [...WEBHOOK_SIGNED_FIELDS],
        },
        { method: 'POST', url, headers },
      );
    await expect(check('https://qlvb.example/hook?x=1', signed.headers)).resolves.toBe(true);
    // sent to another address, or with another topic: the signature no longer verifies
    await expect(check('https://other.example/hook?x=1', signed.headers)).resolves.toBe(false);
    await expect(
      check('https://qlvb.example/hook?x=1', { ...signed.headers, 'lt-topic': 'dossier.step' }),
    ).resolves.toBe(false);
  });
});
